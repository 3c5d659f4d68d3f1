#include "volsync/passthrough_vars.h"

namespace vg {
namespace {

Doc optional_bool(const std::optional<bool>& b) { return b ? Doc::scalar(*b ? "true" : "false") : Doc(); }
Doc optional_string(const std::string& s) { return s.empty() ? Doc() : Doc::string(s); }

}  // namespace

void add_passthrough_variables(Vars& v, const Settings& s) {
  Doc modes;
  if (!s.source_access_modes.empty()) {
    modes = Doc::sequence();
    for (const auto& m : s.source_access_modes) modes.push_back(Doc::string(m));
  }
  v["sourceAccessModes"] = std::move(modes);
  v["customCA"] = s.custom_ca;
  v["moverResources"] = s.mover_resources;
  v["moverAffinity"] = s.mover_affinity;
  v["moverServiceAccount"] = optional_string(s.mover_service_account);
  v["cleanupTempPVC"] = optional_bool(s.cleanup_temp_pvc);
  v["cleanupCachePVC"] = optional_bool(s.cleanup_cache_pvc);
  v["enableFileDeletion"] = optional_bool(s.enable_file_deletion);
  v["previous"] = s.previous ? Doc::scalar(std::to_string(*s.previous)) : Doc();
  v["restoreAsOf"] = optional_string(s.restore_as_of);
}

}  // namespace vg
