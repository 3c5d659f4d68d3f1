#include "cli/adopt_compare.h"

#include <map>
#include <set>

#include "cli/adopt_config.h"
#include "krm/object.h"
#include "volsync/kopia_mover.h"

namespace vg {
namespace {

constexpr std::string_view kLossyPrefixes[] = {"spec.sourcePVC", "spec.trigger", "spec.restic.repository",
                                               "spec.restic.retain", "spec.restic.destinationPVC", "metadata.name",
                                               // kopia: the repository, the identity a restore looks
                                               // for, and the volume a filesystem repository is on
                                               "spec.kopia.repository", "spec.kopia.retain",
                                               "spec.kopia.destinationPVC", "spec.kopia.sourceIdentity",
                                               "spec.kopia.moverVolumes", "spec.kopia.username",
                                               "spec.kopia.hostname", "spec.kopia.sourcePathOverride"};

bool lossy(const std::string& field) {
  for (auto p : kLossyPrefixes)
    if (field.rfind(p, 0) == 0) return true;
  return false;
}

struct Walk {
  std::string object, kind;
  std::vector<AdoptDifference>& out;

  // Today's and the regenerated value of `field`, with VolSync's default for an unset one.
  void compare(const Doc& today, const Doc& after, const std::string& field) {
    if (today.IsMap() && after.IsMap()) {
      std::set<std::string> keys;
      for (const auto& kv : today.entries()) keys.insert(kv.first.Scalar());
      for (const auto& kv : after.entries()) keys.insert(kv.first.Scalar());
      for (const auto& k : keys) compare(today[k], after[k], field + "." + k);
      return;
    }
    const std::string dflt = volsync_default(kind, field.substr(field.find('.') + 1));
    std::string t = value_text(today), a = value_text(after);
    if (t.empty()) t = dflt;
    if (a.empty()) a = dflt;
    if (t == a) return;
    out.push_back({object, field, t.empty() ? "(unset)" : t, a.empty() ? "(unset)" : a, lossy(field)});
  }
};

// A kopia spec as the fork reads it: retain with Kopia's inherited defaults written out, and a
// destination's identity with its defaults (sourceName: the destination's own name, sourceNamespace:
// its namespace), so that what is written differently but means the same compares equal.
Doc kopia_effective(const Doc& spec, const ResourceRef& ref) {
  Doc out = spec;
  Doc* kopia = out.find("kopia");
  if (!kopia || !kopia->IsMap()) return out;
  Retain retain;
  if (const Doc* r = kopia->find("retain"); r && r->IsMap() && !parse_retain_doc(*r, retain))
    kopia->set("retain", kopia_effective_retain(retain).to_doc());
  else if (!r && ref.kind == "ReplicationSource")
    kopia->set("retain", kopia_default_retain().to_doc());  // no retain: Kopia's global policy
  if (ref.kind != "ReplicationDestination" || kopia->find("username") || kopia->find("hostname")) return out;
  Doc* id = kopia->find("sourceIdentity");
  if (!id || !id->IsMap()) id = &kopia->set("sourceIdentity", Doc::map());
  if (!id->find("sourceName")) id->set("sourceName", Doc::string(ref.name));
  if (!id->find("sourceNamespace")) id->set("sourceNamespace", Doc::string(ref.namespace_));
  return out;
}

std::string key_of(std::string_view kind, std::string_view ns, std::string_view name) {
  return std::string(kind) + "/" + std::string(ns) + "/" + std::string(name);
}

}  // namespace

std::vector<AdoptDifference> compare_with_today(const std::vector<SourceObject>& objects,
                                                const std::vector<TodaysBackup>& backups,
                                                const std::vector<Doc>& after) {
  std::map<std::string, const Doc*> by_key;
  for (const Doc& d : after) {
    const std::string kind = scalar_at(d, {"kind"});
    if (kind == "ReplicationSource" || kind == "ReplicationDestination")
      by_key[key_of(kind, scalar_at(d, {"metadata", "namespace"}), scalar_at(d, {"metadata", "name"}))] = &d;
  }
  std::vector<AdoptDifference> out;
  std::set<std::string> seen;
  for (const TodaysBackup& b : backups) {
    std::vector<std::size_t> today = b.sources;
    if (b.destination) today.push_back(*b.destination);
    for (std::size_t i : today) {
      const SourceObject& o = objects[i];
      const std::string object = o.ref.kind + " " + o.ref.namespace_ + "/" + o.ref.name;
      const std::string key = key_of(o.ref.kind, o.ref.namespace_, o.ref.name);
      seen.insert(key);
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        out.push_back({object, "metadata.name", o.ref.name, "(not generated under this name)", true});
        continue;
      }
      Walk{object, o.ref.kind, out}.compare(kopia_effective(o.doc["spec"], o.ref),
                                            kopia_effective((*it->second)["spec"], o.ref), "spec");
    }
    // What the function adds for this PVC that is not there today.
    const SourceObject& pvc = objects[b.pvc];
    for (const auto& [key, d] : by_key) {
      if (seen.count(key) || scalar_at(*d, {"metadata", "namespace"}) != pvc.ref.namespace_ ||
          scalar_at(*d, {"metadata", "annotations", kSourcePvcAnnotation}) != pvc.ref.name)
        continue;
      out.push_back({scalar_at(*d, {"kind"}) + " " + pvc.ref.namespace_ + "/" + scalar_at(*d, {"metadata", "name"}),
                     "(object)", "(none)", "generated", false});
    }
  }
  return out;
}

}  // namespace vg
