#include "volsync/kopia_plan.h"

#include "volsync/kopia_mover.h"
#include "volsync/kopia_repository.h"

namespace vg {

std::string mover_of(const PvcFacts& pvc, const Config& config, std::size_t repo) {
  const Repository& r = config.repositories[repo];
  std::string mover = config.defaults.mover;
  auto take = [&](const std::string& v) {
    if (!mover_error(v)) mover = v;
  };
  if (const Doc& o = r.overrides["mover"]; o.IsScalar()) take(o.Scalar());
  const std::string key = std::string(kAnnotationPrefix) + "mover";
  for (const auto& [k, v] : pvc.annotations)
    if (k == key) take(v);
  if (!r.name.empty())
    for (const auto& [k, v] : pvc.annotations)
      if (k == key + "." + r.name) take(v);
  return mover;
}

std::vector<MoverUse> movers_used(const std::vector<PvcFacts*>& selected, const Config& config) {
  std::vector<MoverUse> use(config.repositories.size(), MoverUse{false, false});
  for (const PvcFacts* pvc : selected)
    for (std::size_t i = 0; i < use.size(); ++i) {
      const bool kopia = mover_of(*pvc, config, i) == kMoverKopia;
      (kopia ? use[i].kopia : use[i].restic) = true;
    }
  return use;
}

namespace {

// The PVC's annotation that set one of `keys` (for this repository or all), the first found, as a
// field path; "" when the configuration set them all.
std::string setting_field(const PvcFacts& pvc, const Repository& repo, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys)
    for (const auto& [k, v] : pvc.annotations) {
      const std::string plain = std::string(kAnnotationPrefix) + std::string(key);
      if (k == plain || (!repo.name.empty() && k == plain + "." + repo.name)) return "metadata.annotations[" + k + "]";
    }
  return {};
}

// Settings the kopia mover has no place for: set on a kopia PVC they would do nothing, in silence.
struct IgnoredByKopia {
  std::string_view annotation;  // the per-PVC form; the config form is named in `why`
  bool (*set)(const Settings&);
  std::string_view why;
};
constexpr IgnoredByKopia kIgnoredByKopia[] = {
    {"repository-path", [](const Settings& s) { return !s.naming.repository_path.empty(); },
     "a kopia repository is one location shared by its PVCs (each ReplicationSource's identity keeps its "
     "snapshots apart), so there is no per-PVC repository path (naming.repositoryPath, "
     "volsync-gen.io/repository-path)"},
    {"unlock", [](const Settings& s) { return !s.unlock.empty(); },
     "unlock runs restic unlock; the kopia mover has no such step (restic.unlock, volsync-gen.io/unlock)"},
};

}  // namespace

void plan_mover(const PvcFacts& pvc, const Repository& repo, const std::string& url_base, RepoPlan& rp,
                Findings& findings) {
  if (auto e = retain_mover_error(rp.settings.retain, rp.settings.mover))
    findings.push_back(pvc_finding(pvc, "mover-retain", setting_field(pvc, repo, {"retain", "mover"}),
                                   *e + (repo.name.empty() ? "" : " (repository " + repo.name + ")"),
                                   "set retain with the mover's keys (for every PVC, or with the annotation)"));
  if (!is_kopia(rp)) return;
  for (const IgnoredByKopia& i : kIgnoredByKopia)
    if (i.set(rp.settings)) {
      Finding f = pvc_finding(pvc, "mover-setting-ignored", setting_field(pvc, repo, {i.annotation}),
                              "ignored for the kopia mover" +
                                  (repo.name.empty() ? std::string() : " (repository " + repo.name + ")") + ": " +
                                  std::string(i.why),
                              "remove the setting for kopia PVCs, or set volsync-gen.io/mover: restic");
      f.severity = Severity::kWarning;
      findings.push_back(std::move(f));
    }
  const KopiaLocationResult loc = kopia_location(repo, url_base);
  rp.repository = loc.location ? loc.location->repository : std::string();
}

}  // namespace vg
