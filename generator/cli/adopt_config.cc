#include "cli/adopt_config.h"

#include <algorithm>
#include <set>

#include "volsync/kopia_mover.h"
#include "volsync/plan.h"
#include "yaml/emit.h"

namespace vg {
namespace {

enum class Form { kText, kList, kObject, kRetain };

// A field of today's objects, the per-PVC annotation and the VolSyncBackup spec key that set it.
// "restic." stands for the object's mover block (spec.restic or spec.kopia); "kopia." fields are
// kopia's only, and kRestic ones restic's only.
struct Mapped {
  std::string_view field;  // under spec
  bool destination;        // a ReplicationDestination field (else a ReplicationSource one)
  std::string_view annotation, spec_key;
  Form form;
  std::string_view only = {};  // the one mover that has the field, "" for both
};

constexpr std::string_view kRestic = "restic";

constexpr Mapped kMapped[] = {
    {"trigger.schedule", false, "schedule", "schedule", Form::kText},
    {"restic.retain", false, "retain", "retain", Form::kRetain},
    {"restic.pruneIntervalDays", false, "prune-interval-days", "pruneIntervalDays", Form::kText, kRestic},
    {"kopia.compression", false, "compression", "kopia.compression", Form::kText},
    {"kopia.parallelism", false, "parallelism", "kopia.parallelism", Form::kText},
    {"kopia.actions.beforeSnapshot", false, "before-snapshot", "kopia.actions.beforeSnapshot", Form::kText},
    {"kopia.actions.afterSnapshot", false, "after-snapshot", "kopia.actions.afterSnapshot", Form::kText},
    {"restic.copyMethod", false, "copy-method", "copyMethod", Form::kText},
    {"restic.storageClassName", false, "storage-class", "storageClassName", Form::kText},
    {"restic.volumeSnapshotClassName", false, "snapshot-class", "volumeSnapshotClassName", Form::kText},
    {"restic.cacheCapacity", false, "cache-capacity", "cacheCapacity", Form::kText},
    {"restic.cacheStorageClassName", false, "cache-storage-class", "cacheStorageClassName", Form::kText},
    {"restic.cacheAccessModes", false, "cache-access-modes", "cacheAccessModes", Form::kList},
    {"restic.accessModes", false, "source-access-modes", "sourceAccessModes", Form::kList},
    {"restic.customCA", false, "custom-ca", "customCA", Form::kObject},
    {"restic.moverResources", false, "mover-resources", "moverResources", Form::kObject},
    {"restic.moverAffinity", false, "mover-affinity", "moverAffinity", Form::kObject},
    {"restic.moverServiceAccount", false, "mover-service-account", "moverServiceAccount", Form::kText},
    {"restic.unlock", false, "unlock", "unlock", Form::kText, kRestic},
    {"restic.moverSecurityContext", false, "", "moverSecurityContext", Form::kObject},
    {"restic.copyMethod", true, "restore-copy-method", "restoreCopyMethod", Form::kText},
    {"trigger.manual", true, "restore-trigger", "restoreTrigger", Form::kText},
    {"restic.cleanupTempPVC", true, "cleanup-temp-pvc", "cleanupTempPVC", Form::kText},
    {"restic.cleanupCachePVC", true, "cleanup-cache-pvc", "cleanupCachePVC", Form::kText},
    {"restic.enableFileDeletion", true, "enable-file-deletion", "enableFileDeletion", Form::kText},
    {"restic.previous", true, "previous", "previous", Form::kText},
    {"restic.restoreAsOf", true, "restore-as-of", "restoreAsOf", Form::kText},
};

// The moverSecurityContext fields a PVC annotation can set.
constexpr std::pair<std::string_view, std::string_view> kSecurityContextIds[] = {
    {"runAsUser", "mover-uid"}, {"runAsGroup", "mover-gid"}, {"fsGroup", "mover-fsgroup"}};

const Doc& at_path(const Doc& spec, std::string_view dotted) {
  const Doc* n = &spec;
  std::size_t pos = 0;
  while (pos <= dotted.size()) {
    const std::size_t dot = std::min(dotted.find('.', pos), dotted.size());
    n = &(*n)[dotted.substr(pos, dot - pos)];
    pos = dot + 1;
  }
  return *n;
}

std::string annotation_text(const Doc& n, Form form) {
  if (form == Form::kList) {
    std::string out;
    for (const Doc& i : n.items()) out += (out.empty() ? "" : ",") + i.Scalar();
    return out;
  }
  if (form == Form::kRetain) {
    std::string out;
    for (const auto& kv : n.entries()) out += (out.empty() ? "" : ",") + kv.first.Scalar() + "=" + kv.second.Scalar();
    return out;
  }
  return value_text(n);
}

// One object's value of a mapped field, with the repository it belongs to.
struct Instance {
  std::size_t pvc;
  std::string repository;
  Doc value;  // undefined when unset and VolSync has no default
  std::string key;
};

// spec_key may be dotted (kopia.compression): nested objects.
void set_spec(Doc& spec, std::string_view key, Doc value) {
  Doc* n = &spec;
  for (auto dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.')) {
    Doc* next = n->find(key.substr(0, dot));
    n = next && next->IsMap() ? next : &n->set(key.substr(0, dot), Doc::map());
    key.remove_prefix(dot + 1);
  }
  n->set(key, std::move(value));
}

// The mapped field in an object with mover `mover`: "restic.x" is spec.<mover>.x.
std::string field_for(std::string_view field, const std::string& mover) {
  if (field.rfind("restic.", 0) != 0) return std::string(field);
  return mover + std::string(field.substr(6));
}

// A kopia repository on a filesystem the movers mount (moverVolumes), as a `local` repository block:
// one volume, NFS or a PVC. Undefined when today's moverVolumes cannot be written so (compare
// then reports the difference).
Doc local_block(const Doc& volumes) {
  if (!volumes.IsSequence() || volumes.size() != 1) return Doc();
  const Doc& v = volumes.items().front();
  const std::string mount = scalar_at(v, {"mountPath"});
  Doc block = Doc::map();
  block.set("mountPath", Doc::string(mount));
  const Doc& nfs = v.at({"volumeSource", "nfs"});
  const std::string claim = scalar_at(v, {"volumeSource", "persistentVolumeClaim", "claimName"});
  if (nfs.IsMap() && !scalar_at(nfs, {"server"}).empty() && !scalar_at(nfs, {"path"}).empty()) {
    Doc& n = block.set("nfs", Doc::map());
    n.set("server", Doc::string(scalar_at(nfs, {"server"})));
    n.set("path", Doc::string(scalar_at(nfs, {"path"})));
  } else if (!claim.empty()) {
    block.set("pvc", Doc::string(claim));
  } else {
    return Doc();
  }
  if (mount.empty() || v["volumeSource"].size() != 1 || v.size() != 2) return Doc();
  return block;
}

// Each repository's local block: the moverVolumes all its kopia sources share, if every source of
// it is kopia's. A repository with none of them gets none (no moverVolumes today).
std::map<std::string, Doc> local_blocks(const std::vector<SourceObject>& objects,
                                        const std::vector<TodaysBackup>& backups) {
  std::map<std::string, std::set<std::string>> seen;  // repository: moverVolumes texts ("" unset)
  std::map<std::string, Doc> volumes;
  std::set<std::string> mixed;
  for (const TodaysBackup& b : backups)
    for (std::size_t j = 0; j < b.sources.size(); ++j) {
      const Doc& rs = objects[b.sources[j]].doc;
      const std::string& repo = b.repositories[j];
      if (mover_of(rs) != "kopia") mixed.insert(repo);
      const Doc& v = rs.at({"spec", "kopia", "moverVolumes"});
      seen[repo].insert(value_text(v));
      if (v.IsDefined()) volumes[repo] = v;
    }
  std::map<std::string, Doc> out;
  for (const auto& [repo, texts] : seen)
    if (!mixed.count(repo) && texts.size() == 1 && !texts.begin()->empty())
      if (Doc block = local_block(volumes[repo]); block.IsDefined()) out[repo] = std::move(block);
  return out;
}

// The mover: kopia as the default when most sources use it, the others as mover[.<repository>].
template <typename Annotate>
void adopt_movers(const std::vector<SourceObject>& objects, const std::vector<TodaysBackup>& backups, Doc& spec,
                  Annotate&& annotate) {
  int kopia = 0, all = 0;
  for (const TodaysBackup& b : backups)
    for (std::size_t s : b.sources) kopia += mover_of(objects[s].doc) == "kopia", ++all;
  const std::string dflt = kopia * 2 > all ? "kopia" : "restic";
  if (dflt == "kopia") spec.set("mover", Doc::string(dflt));
  for (const TodaysBackup& b : backups)
    for (std::size_t j = 0; j < b.sources.size(); ++j) {
      const std::string mover = mover_of(objects[b.sources[j]].doc);
      if (mover != dflt) annotate(b.pvc, "mover" + (b.repositories[j].empty() ? "" : "." + b.repositories[j]), mover);
    }
}

// The user's KopiaMaintenance objects stay theirs, so the function makes none (no second
// maintenance of one repository); without any, the function makes one per repository and namespace.
void adopt_maintenance(const std::vector<SourceObject>& objects, const std::vector<TodaysBackup>& backups, Doc& spec,
                       std::vector<std::string>& notes) {
  bool kopia = false;
  for (const TodaysBackup& b : backups)
    for (std::size_t s : b.sources) kopia = kopia || mover_of(objects[s].doc) == "kopia";
  std::vector<std::string> theirs;
  for (const SourceObject& o : objects)
    if (is_kind(o, "volsync.backube/v1alpha1", "KopiaMaintenance")) theirs.push_back(o.ref.namespace_ + "/" + o.ref.name);
  if (!kopia) return;
  if (theirs.empty()) {
    notes.push_back("no KopiaMaintenance in the input: the function will make one per kopia repository and namespace "
                    "(kopia.maintenance; set kopia.maintenance.enabled: false if maintenance runs elsewhere)");
    return;
  }
  set_spec(spec, "kopia.maintenance.enabled", Doc::scalar("false"));
  std::string list;
  for (const auto& t : theirs) list += (list.empty() ? "" : ", ") + t;
  notes.push_back("KopiaMaintenance " + list + " kept as yours; the function will make none "
                  "(kopia.maintenance.enabled: false)");
}

}  // namespace

std::string volsync_default(std::string_view kind, std::string_view field) {
  struct D {
    std::string_view kind, field, value;
  };
  static constexpr D kDefaults[] = {
      {"ReplicationSource", "restic.pruneIntervalDays", "7"},
      {"ReplicationSource", "restic.cacheCapacity", "1Gi"},
      {"ReplicationSource", "restic.retain", "{last: 1}"},  // VolSync: no retain keeps the last one
      {"ReplicationDestination", "restic.cacheCapacity", "1Gi"},
      {"ReplicationDestination", "restic.cleanupTempPVC", "false"},
      {"ReplicationDestination", "restic.cleanupCachePVC", "false"},
      {"ReplicationDestination", "restic.enableFileDeletion", "false"},
      {"ReplicationDestination", "restic.previous", "0"},
      {"ReplicationSource", "paused", "false"},
      {"ReplicationDestination", "paused", "false"},
  };
  for (const D& d : kDefaults)
    if (d.kind == kind && d.field == field) return std::string(d.value);
  // kopia's fields VolSync handles as restic's (retain is not one: kopia's defaults are its own)
  if (field.rfind("kopia.", 0) == 0 && field != "kopia.retain")
    return volsync_default(kind, "restic." + std::string(field.substr(6)));
  return {};
}

std::string value_text(const Doc& n) {
  if (!n.IsDefined() || n.IsNull()) return {};
  if (n.IsScalar()) return n.Scalar();
  std::string out;
  emit_flow(out, n);
  return out;
}

AdoptedConfig adopted_config(const std::vector<SourceObject>& objects, const std::vector<TodaysBackup>& todays) {
  AdoptedConfig out;
  std::vector<TodaysBackup> backups = todays;
  // A kopia repository on NFS or a PVC needs its local block, so a name: the one repository of
  // every PVC is named after its mount path (filesystem:///mnt/<mountPath>).
  std::map<std::string, Doc> local = local_blocks(objects, backups);
  if (auto it = local.find(""); it != local.end()) {
    const std::string name = scalar_at(it->second, {"mountPath"});
    for (TodaysBackup& b : backups)
      for (std::string& r : b.repositories) r = name;
    local[name] = it->second;
    local.erase(it);
  }
  const std::string prefix(kAnnotationPrefix);
  auto annotate = [&](std::size_t pvc, std::string key, std::string value) {
    out.annotations[pvc].emplace_back(prefix + key, std::move(value));
  };
  Doc spec = Doc::map();
  Doc credentials = Doc::map();
  credentials.set("mode", Doc::string("existing"));  // today's Secrets stay the user's, untouched
  spec.set("credentials", std::move(credentials));

  // Repositories, and the primary one: the repository most restores come from.
  std::vector<std::string> repos;
  std::map<std::string, int> primary_votes;
  for (const TodaysBackup& b : backups) {
    for (const auto& r : b.repositories)
      if (std::find(repos.begin(), repos.end(), r) == repos.end()) repos.push_back(r);
    if (!b.destination) continue;
    const std::string secret = repository_secret(objects[*b.destination].doc);
    for (std::size_t j = 0; j < b.sources.size(); ++j)
      if (repository_secret(objects[b.sources[j]].doc) == secret)
        ++primary_votes[b.repositories[j]];
  }
  std::string primary = repos.empty() ? std::string() : repos.front();
  for (const auto& [r, n] : primary_votes)
    if (n > primary_votes[primary]) primary = r;
  if (repos.size() > 1 || (repos.size() == 1 && !repos.front().empty())) {
    Doc list = Doc::sequence();
    for (const auto& r : repos) {
      Doc e = Doc::map();
      e.set("name", Doc::string(r));
      if (r == primary) e.set("primary", Doc::scalar("true"));
      if (auto l = local.find(r); l != local.end()) e.set("local", l->second);
      list.push_back(std::move(e));
    }
    spec.set("repositories", std::move(list));
  }

  for (const TodaysBackup& b : backups) {
    annotate(b.pvc, "backup", "true");
    const std::string& pvc = objects[b.pvc].ref.name;
    for (std::size_t j = 0; j < b.sources.size(); ++j) {
      Repository r;
      r.name = b.repositories[j];
      const std::string suffix = r.name.empty() ? "" : "." + r.name;
      const SourceObject& rs = objects[b.sources[j]];
      if (rs.ref.name != rs_name_for(pvc, r)) annotate(b.pvc, "source-name" + suffix, rs.ref.name);
      const std::string secret = repository_secret(rs.doc);
      if (secret != secret_name_for(pvc, r)) annotate(b.pvc, "secret-name" + suffix, secret);
    }
    if (b.destination && objects[*b.destination].ref.name != rd_name_for(pvc))
      annotate(b.pvc, "destination-name", objects[*b.destination].ref.name);
  }

  adopt_movers(objects, backups, spec, annotate);
  adopt_maintenance(objects, backups, spec, out.notes);

  // Restore modes: the most common as the default.
  std::map<std::string, int> modes;
  for (const TodaysBackup& b : backups) ++modes[b.restore_mode];
  std::string mode = "snapshot";
  for (const auto& [m, n] : modes)
    if (n > modes[mode]) mode = m;
  spec.set("restore", Doc::string(mode));
  if (mode == "none") spec.set("skipRestoreReason", Doc::string("no ReplicationDestination when adopted"));
  for (const TodaysBackup& b : backups) {
    if (b.restore_mode != mode) annotate(b.pvc, "restore", b.restore_mode);
    if (b.restore_mode == "none" && mode != "none")
      annotate(b.pvc, "skip-restore-reason", "no ReplicationDestination when adopted");
    if (b.restore_mode == "manual" && b.destination && !(objects[*b.destination].doc.at({"spec", "paused"}).Scalar() == "true"))
      annotate(b.pvc, "restore-now", scalar_at(objects[*b.destination].doc, {"spec", "trigger", "manual"}));
  }

  for (const Mapped& m : kMapped) {
    const std::string_view kind = m.destination ? "ReplicationDestination" : "ReplicationSource";
    const std::string dflt = volsync_default(kind, m.field);  // restic's and kopia's alike but retain
    std::vector<Instance> instances;
    const std::string_view only = m.field.rfind("kopia.", 0) == 0 ? std::string_view("kopia") : m.only;
    for (const TodaysBackup& b : backups) {
      auto add = [&](std::size_t object, const std::string& repo) {
        const std::string mover = mover_of(objects[object].doc);
        if (!only.empty() && mover != only) return;
        Instance in{b.pvc, repo, at_path(objects[object].doc["spec"], field_for(m.field, mover)), {}};
        // kopia without retain keeps Kopia's global defaults: written out, they come back as they are
        if (mover == "kopia" && m.form == Form::kRetain && !in.value.IsDefined())
          in.value = kopia_default_retain().to_doc();
        in.key = value_text(in.value);
        if (in.key.empty() && !dflt.empty()) in.key = dflt;
        instances.push_back(std::move(in));
      };
      if (m.destination) {
        // manual restores take their trigger from restore-now, and their copy method is Direct
        if (b.destination && b.restore_mode != "manual") add(*b.destination, "");
      } else {
        for (std::size_t j = 0; j < b.sources.size(); ++j) add(b.sources[j], b.repositories[j]);
      }
    }
    if (instances.empty()) continue;
    std::map<std::string, int> count;
    for (const Instance& in : instances) ++count[in.key];
    std::string best;
    int best_n = 0;
    for (const auto& [k, n] : count)
      if (n > best_n) best = k, best_n = n;
    // An unset value cannot be written as an annotation: with one, no default is set.
    const bool unset_somewhere = count.count("") > 0;
    if (!best.empty() && !unset_somewhere && best != dflt) {
      for (const Instance& in : instances)
        if (in.key == best) {
          set_spec(spec, m.spec_key, in.value.IsDefined() ? in.value : Doc::scalar(best));
          break;
        }
    }
    const std::string applied = (!best.empty() && !unset_somewhere && best != dflt) ? best : dflt;
    for (const Instance& in : instances) {
      if (in.key == applied || in.key.empty()) continue;
      const std::string suffix = m.destination || in.repository.empty() ? "" : "." + in.repository;
      if (m.annotation.empty()) {  // moverSecurityContext: its ids have annotations, compare reports the rest
        for (const auto& [field, key] : kSecurityContextIds)
          if (in.value[field].IsScalar()) annotate(in.pvc, std::string(key) + suffix, in.value[field].Scalar());
        continue;
      }
      annotate(in.pvc, std::string(m.annotation) + suffix,
               in.value.IsDefined() ? annotation_text(in.value, m.form) : in.key);
    }
  }

  Doc vb = Doc::map();
  vb.set("apiVersion", Doc::string("volsync-gen.io/v1alpha1"));
  vb.set("kind", Doc::string("VolSyncBackup"));
  Doc& meta = vb.set("metadata", Doc::map());
  meta.set("name", Doc::string("volsync"));
  meta.set("annotations", Doc::map()).set("config.kubernetes.io/local-config", Doc::string("true"));
  vb.set("spec", std::move(spec));
  out.volsync_backup = std::move(vb);
  return out;
}

}  // namespace vg
