#include "cli/lint_runtime_rules.h"

#include <algorithm>
#include <unordered_map>

#include "krm/suggest.h"
#include "volsync/credentials.h"

namespace vg {
namespace {

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

constexpr std::string_view kDestinationMovers[] = {"restic", "rclone", "rsync", "rsyncTLS"};

// `a` is `b` with a prefix or suffix set off by '-' (restic-config, app-restic-config).
bool affix_of(const std::string& a, const std::string& b) {
  if (a.size() >= b.size() || a.empty()) return false;
  if (b.compare(0, a.size(), a) == 0 && b[a.size()] == '-') return true;
  return b.compare(b.size() - a.size(), a.size(), a) == 0 && b[b.size() - a.size() - 1] == '-';
}

std::string keys_text(const std::vector<std::string>& keys, const char* sep) {
  std::string s;
  for (std::size_t i = 0; i < keys.size(); ++i) s += (i == 0 ? "" : i + 1 == keys.size() ? sep : ", ") + keys[i];
  return s;
}

}  // namespace

void lint_runtime_facts(const InputObject& obj, const Doc& doc, LintFacts& f) {
  if (!lint_is_volsync(f.ref)) return;
  const Doc& annotations = doc.at({"metadata", "annotations"});
  for (const auto& kv : annotations.entries())
    if (scalar(kv.first) == kPrivilegedMoversAnnotation) f.runtime.privileged_movers_line = lint_line_at(obj, kv.first);
  if (f.ref.kind != "ReplicationDestination") return;
  for (auto m : kDestinationMovers) {
    const Doc& pvc = doc.at({"spec", m, "destinationPVC"});
    if (!pvc.IsScalar() || pvc.Scalar().empty()) continue;
    f.runtime.destination_pvc = pvc.Scalar();
    f.runtime.destination_pvc_field = "spec." + std::string(m) + ".destinationPVC";
    f.runtime.destination_pvc_line = lint_line_at(obj, pvc);
  }
}

void lint_runtime_rules(const std::vector<LintFacts>& objects, const LintReport& report) {
  std::unordered_map<std::string, std::vector<const LintFacts*>> pvcs;  // populated PVCs by name
  for (const LintFacts& o : objects)
    if (lint_is_pvc(o.ref) && !o.populator_name.empty()) pvcs[o.ref.name].push_back(&o);
  for (const LintFacts& o : objects) {
    if (!lint_is_volsync(o.ref)) continue;
    if (o.runtime.privileged_movers_line)
      report(o, "privileged-movers-ignored", o.runtime.privileged_movers_line,
             join_field_path("metadata.annotations", kPrivilegedMoversAnnotation),
             std::string(kPrivilegedMoversAnnotation) + " on a " + o.ref.kind +
                 " is ignored: VolSync reads it only from the Namespace, so the mover runs unprivileged");
    if (o.runtime.destination_pvc.empty()) continue;
    auto it = pvcs.find(o.runtime.destination_pvc);
    if (it == pvcs.end()) continue;
    for (const LintFacts* p : it->second) {
      if (p->populator_name != o.ref.name || !lint_may_share_namespace(o, *p)) continue;
      report(o, "destination-pvc-populated", o.runtime.destination_pvc_line, o.runtime.destination_pvc_field,
             "destinationPVC \"" + p->ref.name + "\" is the PVC that waits to be populated from this "
             "ReplicationDestination (" + p->populator_field + " at " + p->file + ":" +
                 std::to_string(p->populator_line) +
                 "): the PVC stays Pending until the destination has a snapshot, and the destination's mover "
                 "waits for the PVC, so neither ever finishes (backube/volsync#1129)");
      break;
    }
  }
}

const LintFacts* lint_near_secret(const LintFacts& from, const std::string& name,
                                  const std::vector<const LintFacts*>& secrets) {
  const LintFacts* best = nullptr;
  std::size_t best_distance = 0;
  for (const LintFacts* s : secrets) {
    const std::string& c = s->credentials_name;
    if (c.empty() || !lint_may_share_namespace(from, *s)) continue;
    std::size_t d = edit_distance(name, c);
    if (c == name && s->runtime.hash_suffix) d = 0;
    else if (c == name || (d > 2 && !affix_of(name, c) && !affix_of(c, name))) continue;
    if (!best || d < best_distance) best = s, best_distance = d;
  }
  return best;
}

std::string lint_near_secret_message(const std::string& name, const LintFacts& near) {
  const std::string where = near.ref.kind + " " + near.file + ":" + std::to_string(near.line);
  if (near.credentials_name == name)
    return "no object makes a Secret named \"" + name + "\": the secretGenerator (" + where + ") makes \"" + name +
           "-<hash>\", and kustomize does not rewrite spec.restic.repository";
  return "no object makes a Secret named \"" + name + "\", but " + where + " makes \"" + near.credentials_name +
         "\"";
}

void lint_repository_backend_keys(const LintFacts& s, const LintReport& report) {
  if (!s.keys_known || !s.has_repository) return;
  const std::string& url = s.repository;
  const std::string scheme = url.substr(0, url.find(':'));
  if (scheme != "s3" && scheme != "b2" && scheme != "azure") return;
  Repository repo;
  const BackendKeys want = backend_keys(repo, url);
  std::vector<std::string> missing;
  for (const auto& k : want.all_of)
    if (!s.keys.count(k)) missing.push_back(k);
  for (const auto& group : want.one_of) {
    bool any = false;
    for (const auto& k : group) any = any || s.keys.count(k);
    if (!any) missing.push_back(keys_text(group, " or "));
  }
  if (missing.empty()) return;
  std::vector<std::string> others;  // keys of other backends, e.g. B2_* for an s3: repository
  for (const auto& [k, line] : s.keys)
    for (const char* prefix : {"AWS_", "B2_", "AZURE_", "GOOGLE_"})
      if (k.rfind(prefix, 0) == 0 && std::find(want.all_of.begin(), want.all_of.end(), k) == want.all_of.end())
        others.push_back(k);
  std::string all;
  for (const auto& k : want.all_of) all += (all.empty() ? "" : " and ") + k;
  for (const auto& g : want.one_of) all += (all.empty() ? "" : " and ") + keys_text(g, " or ");
  report(s, "repository-backend-keys", s.data_field_line, s.data_field,
         "RESTIC_REPOSITORY names a repository of restic's " + scheme + " backend, which needs " +
             keys_text(missing, " and ") + ", which the Secret lacks" +
             (others.empty() ? std::string()
                             : " (it has " + keys_text(others, " and ") + ", which restic reads for another backend)"),
         "add " + all + " to the Secret (restic's " + scheme + " backend)");
}

}  // namespace vg
