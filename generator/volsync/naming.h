// Names and repository paths as templates (VolSyncBackup spec.naming, the per-PVC annotations
// volsync-gen.io/repository-path, source-name, destination-name, secret-name). A template is a
// string with ${namespace}, ${pvc}, ${name}, ${app} and ${repository}; an unset one resolves to
// today's names, so a configuration without naming generates what it always did. Planning and
// ownership both resolve names here, so a re-run recognises the objects it generated.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

// Syntax and variable names of a template ("" is the default and fine).
std::optional<std::string> naming_template_error(std::string_view tmpl);

// The value of ${app}: label app.kubernetes.io/name, else app.kubernetes.io/instance, else app.
std::optional<std::string> pvc_app(const PvcFacts& pvc);

// The names of one repository of one PVC, and the ReplicationDestination's (from the primary
// repository's naming).
struct RepoNames {
  std::string source, secret, path;  // path: below the repository's base (default <namespace>/<pvc>)
};

// Resolves `naming` for `repo` of `pvc` whose base name is `base`. On a failure (a variable the
// PVC does not have) returns nullopt and sets `error` to a message naming the PVC and template.
std::optional<RepoNames> resolve_repo_names(const PvcFacts& pvc, std::string_view base, const Repository& repo,
                                            const Naming& naming, std::string& error);
std::optional<std::string> resolve_destination_name(const PvcFacts& pvc, std::string_view base,
                                                    const Repository& primary, const Naming& naming,
                                                    std::string& error);

// The naming of `repo` for `pvc`: the config's, then the PVC's name annotations (unsuffixed, then
// `.<repository>`), as planning applies them. For ownership, which has no plan.
Naming naming_for(const PvcFacts& pvc, const Config& config, const Repository& repo);

// Whether any name (not the path) of `naming` is built from ${name}, so the base name must be a label.
bool naming_uses_base(const Naming& naming);

}  // namespace vg
