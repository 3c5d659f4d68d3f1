#include "volsync/namespace_policy.h"

#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {
namespace {

std::string list_field(const NamespacePolicy& p, bool include) {
  if (p.configmap) return include ? "data.namespacesInclude" : "data.namespacesExclude";
  return include ? "spec.namespaces.include" : "spec.namespaces.exclude";
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return "[" + out + "]";
}

}  // namespace

NamespaceVerdict judge_namespace(const NamespacePolicy& policy, std::string_view ns) {
  for (std::size_t i = 0; i < policy.exclude.size(); ++i)
    if (namespace_glob_match(policy.exclude[i], ns))
      return {false, list_field(policy, false) + "[" + std::to_string(i) + "]", policy.exclude[i]};
  if (policy.include.empty()) return {true, "", ""};
  for (std::size_t i = 0; i < policy.include.size(); ++i)
    if (namespace_glob_match(policy.include[i], ns))
      return {true, list_field(policy, true) + "[" + std::to_string(i) + "]", policy.include[i]};
  return {false, list_field(policy, true), ""};
}

const char* policy_action_name(NamespacePolicy::Action a) {
  return a == NamespacePolicy::Action::kWarn ? "warn" : "error";
}

std::string policy_text(const NamespacePolicy& policy) {
  if (!policy.restricts()) return "all namespaces";
  std::string out;
  if (!policy.include.empty()) out += "include " + joined(policy.include) + "; ";
  if (!policy.exclude.empty()) out += "exclude " + joined(policy.exclude) + "; ";
  return out + "action " + policy_action_name(policy.action);
}

std::optional<Finding> namespace_policy_finding(const PvcFacts& pvc, const Config& config) {
  const NamespacePolicy& policy = config.namespaces;
  if (!policy.restricts() || pvc.namespace_.empty()) return std::nullopt;  // no namespace: planning says so
  const NamespaceVerdict v = judge_namespace(policy, pvc.namespace_);
  if (v.allowed) return std::nullopt;
  const bool warn = policy.action == NamespacePolicy::Action::kWarn;
  const std::string why = v.pattern.empty() ? "matches no entry of " + v.field + " " + joined(policy.include)
                                            : "is excluded by " + v.field + " (\"" + v.pattern + "\")";
  const std::string config_name = config.origin.resource.display();
  Finding f{.severity = warn ? Severity::kWarning : Severity::kError,
            .rule = warn ? "namespace-policy-skipped" : "namespace-policy",
            .message = "the PVC is selected for backup, but its namespace \"" +
                       pvc.namespace_ + "\" " + why + " of the namespace policy" +
                       (config_name.empty() ? std::string() : " in " + config_name) +
                       (warn ? " (action warn): it gets no backup objects and is NOT backed up" : ""),
            .resource = pvc.origin.resource,
            .field = "metadata.namespace",
            .file = pvc.origin.file,
            .line = pvc.origin.line,
            .hint = warn ? "remove the backup label, or allow the namespace in the policy"
                         : "allow the namespace in the policy, remove the backup label, or set the policy's "
                           "action: warn to only list such PVCs"};
  return f;
}

}  // namespace vg
