// Config overrides from the environment Argo CD gives a Config Management Plugin (docs/argocd.md).
//
// Argo CD passes the Application's plugin env as ARGOCD_ENV_<NAME> and its parameters as
// PARAM_<NAME> (name upper-cased, every character outside [A-Z0-9_] replaced by `_`). volsync-gen
// reads two families and maps each onto a ConfigMap key of the config (settings.cc), so a value is
// validated exactly as the same key in a ConfigMap functionConfig would be:
//
//   ARGOCD_ENV_VOLSYNC_<KEY>   plugin env `VOLSYNC_<KEY>`, e.g. VOLSYNC_SCHEDULE, VOLSYNC_PRUNE_INTERVAL_DAYS
//   PARAM_<KEY>                plugin parameter named after the key, e.g. `schedule`, `pruneIntervalDays`
//                              (PARAM_PRUNEINTERVALDAYS) or `prune-interval-days` (PARAM_PRUNE_INTERVAL_DAYS)
//   PARAM_<KEY>_<i>            an array parameter: items joined with "," (list keys like cacheAccessModes)
//
// <KEY> matches a ConfigMap key case-insensitively with underscores ignored; the documented spelling
// is the key in SCREAMING_SNAKE_CASE (env_name()). Precedence: config file < ARGOCD_ENV_VOLSYNC_* <
// PARAM_*. Unknown VOLSYNC_* env and unknown parameters are errors that name the variable; other
// ARGOCD_ENV_* variables belong to the user and are ignored. PARAM_* is read only inside an Argo CD
// build (ARGOCD_APP_NAME set), so a stray PARAM_ variable in a developer's shell changes nothing.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "krm/finding.h"
#include "volsync/settings.h"

namespace vg {

using EnvVars = std::vector<std::pair<std::string, std::string>>;  // NAME, value

inline constexpr std::string_view kArgoEnvPrefix = "ARGOCD_ENV_VOLSYNC_";
inline constexpr std::string_view kArgoParamPrefix = "PARAM_";

// The variables volsync-gen reads, picked from an environment block of NAME=VALUE strings (environ),
// sorted by name. Pure apart from reading `envp`.
EnvVars select_override_env(const char* const* envp);

// Maps selected variables onto ConfigMap keys, env first and parameters last (later wins).
// Unknown names and a key set twice in one family are error findings located at the variable.
std::vector<ConfigOverride> config_overrides(const EnvVars& vars, Findings& findings);

// "pruneIntervalDays" -> "PRUNE_INTERVAL_DAYS", "moverUID" -> "MOVER_UID", "moverFSGroup" -> "MOVER_FS_GROUP".
std::string env_name(std::string_view configmap_key);

}  // namespace vg
