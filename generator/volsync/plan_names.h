// The names and repository of each planned object, from the settings' naming (naming.h): what
// plan_pvc needs, with the checks a templated name needs (its characters and length, as the
// Kubernetes API and VolSync's Job names require). Default names are checked by plan_pvc as before.
#pragma once
#include <string>

#include "krm/finding.h"
#include "volsync/plan.h"

namespace vg {

// Sets rp.rs_name, rp.secret_name and rp.repository (empty in credentials mode existing: that
// Secret holds RESTIC_REPOSITORY). False with findings when a template does not resolve or a
// resolved name or path is invalid.
bool plan_repo_names(const BackupPlan& plan, RepoPlan& rp, const Repository& repo, const std::string& url_base,
                     Findings& findings);

// Sets plan.rd_name from the primary repository's naming; checks a templated one when `restores`.
bool plan_destination_name(BackupPlan& plan, const Config& config, bool restores, Findings& findings);

// Per-PVC ExternalSecret overrides (remote-key, store-name, deletion-policy) on a repository that
// has no ExternalSecret are errors: they would silently do nothing.
void check_external_secret_overrides(const PvcFacts& pvc, const RepoPlan& rp, const Repository& repo,
                                     Findings& findings);

}  // namespace vg
