#include "volsync/ownership.h"

#include <algorithm>

#include "volsync/generate.h"
#include "volsync/naming.h"

namespace vg {
namespace {

OwnershipVerdict look_alike(std::string why) { return {Owner::kLookAlike, PvcState::kGone, std::move(why)}; }

// The marks an object carries, to name in the hint.
std::string marks(const ItemSpan& s) {
  const std::string label = std::string("the label ") + kManagedByLabel + ": " + kManagedByValue;
  const std::string annotation = std::string("the annotation ") + kSourcePvcAnnotation;
  if (!s.managed_label) return annotation;
  return s.source_pvc.empty() ? label : label + " and " + annotation;
}

const char* removal_reason(PvcState s) {
  switch (s) {
    case PvcState::kGone: return "the PVC is no longer in the input";
    case PvcState::kDeselected: return "the PVC is no longer selected for backup";
    case PvcState::kSelected: return "the PVC's current settings no longer generate it (e.g. restore: none)";
  }
  return "";
}

}  // namespace

std::vector<GeneratedName> generated_names(std::string_view base, const Config& config) {
  PvcFacts pvc;
  pvc.name = std::string(base);
  return generated_names(pvc, config);
}

std::vector<GeneratedName> generated_names(const PvcFacts& pvc, const Config& config) {
  std::vector<GeneratedName> out;
  const std::string base = plan_base_name(pvc);
  std::string error;  // a name that does not resolve (a gone PVC's ${app}) owns nothing: kept as the user's
  // The restore comes from the primary repository (the first, when a hand-built config marks none).
  auto primary = std::find_if(config.repositories.begin(), config.repositories.end(),
                              [](const Repository& r) { return r.primary; });
  if (primary == config.repositories.end()) primary = config.repositories.begin();
  if (primary != config.repositories.end())
    if (auto rd = resolve_destination_name(pvc, base, *primary, naming_for(pvc, config, *primary), error))
      out.push_back({"volsync.backube", "ReplicationDestination", *rd});
  for (const Repository& repo : config.repositories) {
    const Naming naming = naming_for(pvc, config, repo);
    auto names = resolve_repo_names(pvc, base, repo, naming, error);
    if (!names) continue;
    out.push_back({"volsync.backube", "ReplicationSource", names->source});
    // Made by one PVC of each namespace (whichever plan comes first), for any mover: a switch back
    // to restic, or maintenance handled elsewhere, removes it.
    out.push_back({"volsync.backube", "KopiaMaintenance", kopia_maintenance_name(repo)});
    switch (repo.credentials.mode) {
      case Credentials::Mode::kSecret: out.push_back({"", "Secret", names->secret}); break;
      case Credentials::Mode::kExternalSecret:
        out.push_back({api_group(repo.credentials.eso_api_version), "ExternalSecret", names->secret});
        break;
      case Credentials::Mode::kExisting: break;
    }
  }
  return out;
}

OwnershipVerdict decide_ownership(const ItemSpan& obj, const PvcFacts* pvc, bool selected, const Config& config) {
  const bool annotated = !obj.source_pvc.empty();
  if (!annotated && !obj.managed_label) return {};
  if (!obj.managed_label)
    return look_alike(std::string("it carries the annotation ") + kSourcePvcAnnotation + " but not the label " +
                      kManagedByLabel + ": " + kManagedByValue);
  if (!annotated)
    return look_alike(std::string("it carries the label ") + kManagedByLabel + ": " + kManagedByValue +
                      " but not the annotation " + kSourcePvcAnnotation);
  PvcFacts gone;  // a PVC no longer in the input: its names from the PVC name the annotation records
  gone.name = obj.source_pvc;
  gone.namespace_ = obj.namespace_;
  const GeneratedName me{api_group(obj.api_version), obj.kind, obj.name};
  const std::vector<GeneratedName> names = generated_names(pvc ? *pvc : gone, config);
  if (std::find(names.begin(), names.end(), me) == names.end())
    return look_alike("the configuration generates no " + obj.kind + " named " + obj.name + " for PVC " +
                      obj.namespace_ + "/" + obj.source_pvc + (pvc ? "" : " (a PVC no longer in the input)"));
  return {Owner::kVolsyncGen, pvc ? (selected ? PvcState::kSelected : PvcState::kDeselected) : PvcState::kGone, {}};
}

void Ownership::judge(const std::vector<InputObject>& objects, const std::deque<PvcFacts>& pvcs,
                      const Config& config, Findings& findings) {
  std::unordered_map<std::string, const PvcFacts*> by_name;  // namespace/name; built on first use
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const ItemSpan& s = objects[i].span();
    if (s.source_pvc.empty() && !s.managed_label) continue;
    if (by_name.empty())
      for (const PvcFacts& p : pvcs) by_name.emplace(p.namespace_ + "/" + p.name, &p);
    auto pvc = by_name.find(s.namespace_ + "/" + s.source_pvc);
    const PvcFacts* facts = pvc == by_name.end() ? nullptr : pvc->second;
    OwnershipVerdict v = decide_ownership(s, facts, facts && pvc_selected(*facts, config), config);
    if (v.owner == Owner::kLookAlike) {
      Finding f = object_finding(objects[i], "generated-look-alike",
                                 "looks generated but is not provably volsync-gen's, so it is kept as it is: " + v.why,
                                 "metadata", "if it is yours, remove " + marks(s) + "; if volsync-gen made it and it "
                                 "is no longer needed, delete it");
      f.severity = Severity::kWarning;
      findings.push_back(std::move(f));
    }
    verdicts_.emplace(i, std::move(v));
  }
}

bool Ownership::ours(std::size_t i) const {
  auto v = verdicts_.find(i);
  return v != verdicts_.end() && v->second.owner == Owner::kVolsyncGen;
}

Finding Ownership::removed(const InputObject& obj, std::size_t i) const {
  auto v = verdicts_.find(i);
  const PvcState state = v == verdicts_.end() ? PvcState::kGone : v->second.pvc;
  const ItemSpan& s = obj.span();
  Finding f = object_finding(obj, "generated-removed",
                             "removed " + obj.ref().display() + ", generated for PVC " + s.namespace_ + "/" +
                                 s.source_pvc + ": " + removal_reason(state));
  f.severity = Severity::kInfo;
  return f;
}

}  // namespace vg
