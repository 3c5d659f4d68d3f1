// Per-namespace credentials: which source Secret (mode secret) or store item (mode externalSecret)
// serves a namespace, so that each namespace's key can be scoped to its own `<namespace>/` prefix.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "volsync/settings.h"

namespace vg {

// The value of `by_namespace` for `ns`: an exact name beats a glob; else the one glob that matches;
// else `fallback` (credentials.secretName / remoteKey). nullopt with `error` (naming the patterns)
// when two globs match, or nothing matches and there is no fallback.
std::optional<std::string> pick_by_namespace(const std::vector<std::pair<std::string, std::string>>& by_namespace,
                                             const std::string& fallback, std::string_view ns, std::string& error);

// The source Secret name (mode secret) or remoteKey (mode externalSecret) for `ns`, as above.
std::optional<std::string> credentials_for_namespace(const Credentials& c, std::string_view ns, std::string& error);

// The field of the functionConfig a repository's byNamespace is set at: spec.credentials.byNamespace,
// or spec.repositories[i].credentials.byNamespace (externalSecret mode: ...externalSecret.byNamespace).
std::string by_namespace_field(const Config& config, std::size_t repo_index);
// Where that field is, for findings: its line in the config's file (the config's own line when unknown).
Origin by_namespace_origin(const Config& config, std::size_t repo_index);

}  // namespace vg
