#include "cli/adopt_objects.h"

#include <algorithm>
#include <map>
#include <set>

namespace vg {
namespace {

constexpr std::string_view kVolSync = "volsync.backube/v1alpha1";

ResourceRef ref_of(const Doc& d) {
  return ResourceRef{scalar_at(d, {"apiVersion"}), scalar_at(d, {"kind"}), scalar_at(d, {"metadata", "name"}),
                     scalar_at(d, {"metadata", "namespace"})};
}

void add_object(Doc d, const std::string& file, int line, std::vector<SourceObject>& out) {
  if (!d.IsMap()) return;  // an empty document, or a comment-only one
  ResourceRef ref = ref_of(d);
  out.push_back({std::move(d), std::move(ref), file, line});
}

// The name a repository gets from the Secret a source reads.
std::string repository_name(const std::string& secret) {
  const auto dash = secret.rfind('-');
  return dash == std::string::npos ? secret : secret.substr(dash + 1);
}

}  // namespace

bool is_kind(const SourceObject& o, std::string_view api, std::string_view kind) {
  return o.ref.api_version == api && o.ref.kind == kind;
}

std::string mover_of(const Doc& d) {
  for (const char* m : {"restic", "kopia"})
    if (d.at({"spec", m}).IsMap()) return m;
  return {};
}

std::string repository_secret(const Doc& d) {
  const std::string m = mover_of(d);
  return m.empty() ? std::string() : scalar_at(d, {"spec", m, "repository"});
}

// The ReplicationSource name whose snapshots a kopia ReplicationDestination restores: its
// sourceIdentity's, else its own (the fork's default identity is <destination>@<namespace>).
static std::string kopia_identity_name(const SourceObject& rd) {
  const Doc& id = rd.doc.at({"spec", "kopia", "sourceIdentity"});
  if (id.IsMap() && !scalar_at(id, {"sourceName"}).empty()) return scalar_at(id, {"sourceName"});
  return rd.ref.name;
}

std::string scalar_at(const Doc& d, std::initializer_list<std::string_view> path) {
  const Doc& n = d.at(path);
  return n.IsScalar() ? n.Scalar() : std::string();
}

bool read_source_objects(const std::vector<LintSource>& sources, std::vector<SourceObject>& out, Findings& f) {
  const std::size_t before = f.size();
  for (const LintSource& s : sources) {
    std::vector<Doc> docs;
    DocParseError err;
    if (!parse_docs(s.text, docs, err)) {
      f.push_back(Finding{.severity = Severity::kError, .rule = err.rule.empty() ? "yaml-parse" : err.rule,
                          .message = err.message, .file = s.name, .line = err.line});
      continue;
    }
    for (Doc& d : docs) {
      const int line = d.Mark().line >= 0 ? d.Mark().line + 1 : 0;
      if (scalar_at(d, {"kind"}) == "ResourceList" || scalar_at(d, {"kind"}) == "List") {
        if (Doc* items = d.find("items"); items && items->IsSequence())
          for (Doc& item : items->items()) {
            const int at = item.Mark().line >= 0 ? item.Mark().line + 1 : line;
            add_object(std::move(item), s.name, at, out);
          }
        continue;
      }
      add_object(std::move(d), s.name, line, out);
    }
  }
  return f.size() == before;
}

std::vector<TodaysBackup> find_backups(const std::vector<SourceObject>& objects) {
  std::map<std::pair<std::string, std::string>, std::size_t> pvc_at;  // namespace, name
  for (std::size_t i = 0; i < objects.size(); ++i)
    if (is_kind(objects[i], "v1", "PersistentVolumeClaim")) pvc_at[{objects[i].ref.namespace_, objects[i].ref.name}] = i;
  std::map<std::size_t, TodaysBackup> by_pvc;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const SourceObject& o = objects[i];
    if (!is_kind(o, kVolSync, "ReplicationSource") || mover_of(o.doc).empty()) continue;
    auto pvc = pvc_at.find({o.ref.namespace_, scalar_at(o.doc, {"spec", "sourcePVC"})});
    if (pvc == pvc_at.end()) continue;  // its PVC is not in the input: left as it is
    TodaysBackup& b = by_pvc[pvc->second];
    b.pvc = pvc->second;
    b.sources.push_back(i);
  }
  bool several = false;
  for (const auto& [p, b] : by_pvc) several = several || b.sources.size() > 1;
  std::set<std::size_t> claimed;
  std::vector<TodaysBackup> out;
  for (auto& [p, b] : by_pvc) {
    const SourceObject& pvc = objects[p];
    std::set<std::string> secrets, used, source_names;
    for (std::size_t s : b.sources) {
      const std::string secret = repository_secret(objects[s].doc);
      secrets.insert(secret);
      source_names.insert(objects[s].ref.name);
      std::string name = several ? repository_name(secret) : std::string();
      if (several && !used.insert(name).second) name = "repo" + std::to_string(used.size());
      b.repositories.push_back(name);
    }
    const std::string ref_name = scalar_at(pvc.doc, {"spec", "dataSourceRef", "name"});
    const bool ref_is_rd = scalar_at(pvc.doc, {"spec", "dataSourceRef", "kind"}) == "ReplicationDestination";
    // The destination: the one the PVC restores from, else one restoring into it, else one of its repositories.
    for (int pass = 0; pass < 3 && !b.destination; ++pass)
      for (std::size_t i = 0; i < objects.size() && !b.destination; ++i) {
        const SourceObject& o = objects[i];
        if (!is_kind(o, kVolSync, "ReplicationDestination") || o.ref.namespace_ != pvc.ref.namespace_ ||
            claimed.count(i) || mover_of(o.doc).empty())
          continue;
        const std::string dest_pvc = scalar_at(o.doc, {"spec", mover_of(o.doc), "destinationPVC"});
        const bool ours = mover_of(o.doc) == "kopia" ? source_names.count(kopia_identity_name(o)) > 0
                                                     : secrets.count(repository_secret(o.doc)) > 0;
        const bool match = pass == 0   ? ref_is_rd && o.ref.name == ref_name
                           : pass == 1 ? dest_pvc == pvc.ref.name
                                       : dest_pvc.empty() && ours;
        if (!match) continue;
        b.destination = i;
        b.restore_mode = pass == 0 ? "bootstrap" : pass == 1 ? "manual" : "snapshot";
        claimed.insert(i);
      }
    if (!b.destination) b.restore_mode = "none";
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace vg
