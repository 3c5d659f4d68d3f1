#include "volsync/config_load.h"

#include "krm/yaml_error.h"

namespace vg {

bool load_config(const ConfigText& in, const Limits& limits, const EnvVars& env, Config& out, Findings& findings) {
  Doc fc;
  DocParseError error;
  if (!parse_doc(in.text, fc, error, limits)) {
    Finding f = yaml_error_finding(error, in.file, in.first_line);
    f.resource = in.resource;
    if (f.rule == "yaml-parse") f.message = "malformed functionConfig: " + error.message;
    findings.push_back(std::move(f));
    return false;
  }
  if (!fc.IsDefined() || fc.IsNull()) {
    findings.push_back(Finding{
        .severity = Severity::kError,
        .rule = "config",
        .message = "no functionConfig: volsync-gen needs a VolSyncBackup (or ConfigMap) naming the source Secret",
        .hint = "kpt: --fn-config FILE or `-- secretName=... repository=...`; kustomize: the transformer config"});
    return false;
  }
  Origin origin{in.resource, in.file, in.first_line};
  origin.resource.api_version = fc["apiVersion"].Scalar();
  origin.resource.kind = fc["kind"].Scalar();
  if (const Doc& name = fc.at({"metadata", "name"}); name.IsScalar()) origin.resource.name = name.Scalar();
  const std::size_t before = findings.size();
  const std::vector<ConfigOverride> overrides = config_overrides(env, findings);
  // The overrides' findings name the ConfigMap key they set: locate them in the functionConfig.
  for (auto it = findings.begin() + static_cast<std::ptrdiff_t>(before); it != findings.end(); ++it) {
    it->resource = origin.resource;
    it->field = override_field_path(origin.resource, it->field);
  }
  const bool ok = parse_config(fc, origin, out, findings, overrides);
  return ok && !has_errors(Findings(findings.begin() + static_cast<std::ptrdiff_t>(before), findings.end()));
}

}  // namespace vg
