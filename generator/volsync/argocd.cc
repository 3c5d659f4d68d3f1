#include "volsync/argocd.h"

#include <algorithm>
#include <charconv>

#include "krm/object.h"

namespace vg {
namespace {

std::optional<long> wave_number(std::string_view v) {
  if (!v.empty() && v[0] == '+') v.remove_prefix(1);
  long n = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size()) return std::nullopt;
  return n;
}

}  // namespace

std::optional<std::string> sync_wave_for(std::string_view kind, const Config& config) {
  if (!config.argocd_sync_waves) return std::nullopt;
  const std::string* w = nullptr;
  if (kind == "Secret" || kind == "ExternalSecret") w = &config.wave_secret;
  else if (kind == "ReplicationDestination") w = &config.wave_destination;
  else if (kind == "ReplicationSource") w = &config.wave_source;
  if (!w || w->empty()) return std::nullopt;
  return *w;
}

void set_sync_wave(Doc& obj, std::string_view kind, const Config& config) {
  auto wave = sync_wave_for(kind, config);
  if (!wave || !annotation_of(obj, kArgoSyncWaveAnnotation).empty()) return;
  set_annotation(obj, kArgoSyncWaveAnnotation, *wave);
}

void check_pvc_sync_wave(const BackupPlan& plan, const Config& config, Findings& findings) {
  if (!config.argocd_sync_waves) return;
  if (std::find(config.disabled_rules.begin(), config.disabled_rules.end(), kArgoSyncWaveRule) !=
      config.disabled_rules.end())
    return;
  std::string own;
  for (const auto& [k, v] : plan.pvc.annotations)
    if (k == kArgoSyncWaveAnnotation) own = v;
  if (own.empty()) return;  // wave 0, between the defaults
  const auto pvc = wave_number(own);
  if (!pvc) return;  // Argo CD itself reports a malformed wave
  auto warn = [&](const std::string& msg, const std::string& hint) {
    findings.push_back(Finding{.severity = Severity::kWarning,
                               .rule = kArgoSyncWaveRule,
                               .message = msg,
                               .resource = plan.pvc.origin.resource,
                               .field = std::string("metadata.annotations[") + kArgoSyncWaveAnnotation + "]",
                               .file = plan.pvc.origin.file,
                               .line = plan.pvc.origin.line,
                               .hint = hint});
  };
  const std::string where = "the PVC's sync wave " + own;
  if (plan.settings.restore_mode != "none")
    if (auto rd = sync_wave_for("ReplicationDestination", config); rd && wave_number(*rd) && *wave_number(*rd) >= *pvc)
      warn(where + " is not after its ReplicationDestination's (" + *rd + "): Argo CD would create the PVC "
           "before the restore exists",
           "set spec.argocd.syncWaves.replicationDestination below " + own);
  if (auto rs = sync_wave_for("ReplicationSource", config); rs && wave_number(*rs) && *wave_number(*rs) <= *pvc)
    warn(where + " is not before its ReplicationSource's (" + *rs + "): the backup would start before the "
         "volume exists",
         "set spec.argocd.syncWaves.replicationSource above " + own);
}

}  // namespace vg
