// Which namespaces may have backups (VolSyncBackup spec.namespaces): on a shared cluster a PVC in a
// namespace outside the policy would otherwise receive credentials that open the whole bucket.
//
// Entries are namespace names or globs: `*` stands for any run of characters (also none), `?` for
// exactly one; nothing else is special (namespace names have no `/`, `[` or `\`). An empty include
// list includes every namespace; exclude wins over include. A selected PVC outside the policy is an
// error (action error, the default) or a warning, and then it gets no backup objects (action warn);
// it is never skipped silently.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "volsync/namespace_glob.h"

#include "krm/finding.h"

namespace vg {

struct PvcFacts;
struct Config;

struct NamespacePolicy {
  enum class Action { kError, kWarn };
  std::vector<std::string> include, exclude;
  Action action = Action::kError;
  bool configmap = false;  // given as ConfigMap data keys: findings name data.namespacesInclude, ...
  bool restricts() const { return !include.empty() || !exclude.empty(); }
};

// What the policy says of one namespace, and which entry decided it.
struct NamespaceVerdict {
  bool allowed = true;
  std::string field;    // "spec.namespaces.exclude[1]"; "spec.namespaces.include" when no entry matched
  std::string pattern;  // the entry that decided ("" when none matched, or no policy)
};


NamespaceVerdict judge_namespace(const NamespacePolicy& policy, std::string_view ns);
// "include [apps-*, media]; exclude [kube-*]; action error", or "all namespaces".
std::string policy_text(const NamespacePolicy& policy);
const char* policy_action_name(NamespacePolicy::Action a);

// The finding about a selected PVC the policy refuses (error or warning), or nothing when it is allowed.
std::optional<Finding> namespace_policy_finding(const PvcFacts& pvc, const Config& config);

}  // namespace vg
