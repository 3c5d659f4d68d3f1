#include "cli/inventory_policy.h"

#include "krm/json_quote.h"

namespace vg {
namespace {

std::string by_text(const NamespaceVerdict& v) {
  return v.field + (v.pattern.empty() ? std::string() : " (" + v.pattern + ")");
}

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_quote(v[i]);
  return out + "]";
}

}  // namespace

std::vector<RefusedPvc> refused_by_policy(const Findings& findings, const NamespacePolicy& policy) {
  std::vector<RefusedPvc> out;
  for (const Finding& f : findings)
    if (f.rule == "namespace-policy-skipped")
      out.push_back({f.resource.namespace_, f.resource.name, by_text(judge_namespace(policy, f.resource.namespace_))});
  return out;
}

std::string policy_verdict_text(const NamespacePolicy& policy, const std::string& ns) {
  if (!policy.restricts()) return "all namespaces";
  const NamespaceVerdict v = judge_namespace(policy, ns);
  if (v.field.empty()) return "allowed (no exclude entry matches)";
  return (v.allowed ? "allowed by " : "refused by ") + by_text(v);
}

std::string policy_markdown(const NamespacePolicy& policy, const std::vector<RefusedPvc>& refused) {
  std::string out = "Namespace policy: " + policy_text(policy) + "\n";
  if (refused.empty()) return out;
  out += "\nRefused by the namespace policy (selected, but NOT backed up: no backup objects):\n\n"
         "| namespace | PVC | refused by |\n|---|---|---|\n";
  for (const auto& r : refused) out += "| " + r.ns + " | " + r.pvc + " | `" + r.by + "` |\n";
  return out;
}

std::string policy_json(const NamespacePolicy& policy, const std::vector<RefusedPvc>& refused) {
  std::string out = "\"namespacePolicy\": {\"include\": " + json_list(policy.include) +
                    ", \"exclude\": " + json_list(policy.exclude) + ", \"action\": " +
                    json_quote(policy_action_name(policy.action)) + ", \"refused\": [";
  for (std::size_t i = 0; i < refused.size(); ++i)
    out += std::string(i ? ", " : "") + "{\"namespace\": " + json_quote(refused[i].ns) + ", \"pvc\": " +
           json_quote(refused[i].pvc) + ", \"refusedBy\": " + json_quote(refused[i].by) + "}";
  return out + "]}";
}

}  // namespace vg
