// expand: per PVC, one credentials object (Secret or ExternalSecret) and one ReplicationSource per
// repository, and one ReplicationDestination from the primary repository, from the templates.
#pragma once
#include <string>
#include <vector>

#include "volsync/credentials.h"
#include "volsync/kopia_generate.h"
#include "yaml/doc.h"
#include "krm/finding.h"
#include "volsync/plan.h"
#include "volsync/template.h"

namespace vg {

struct Generated {
  ResourceRef ref;
  Doc node;
  std::size_t plan_index = 0;
  std::string identity() const;  // group/kind/namespace/name, as clients match objects
};

// "apps/v1" -> "apps", "v1" -> "" (core): the part of apiVersion that identifies an object.
std::string api_group(std::string_view api_version);
std::string object_identity(std::string_view api_version, std::string_view kind, std::string_view ns,
                            std::string_view name);

// Annotations that keep a bootstrap restore create-only in GitOps tools: recreating a finished
// ReplicationDestination restores again.
inline constexpr const char* kFluxSsaAnnotation = "kustomize.toolkit.fluxcd.io/ssa";
inline constexpr const char* kArgoSyncOptionsAnnotation = "argocd.argoproj.io/sync-options";

// The template variables of one repository of one plan. `creds` is null unless the repository
// uses credentials mode secret.
Vars plan_variables(const BackupPlan& plan, const RepoPlan& repo, const Config& config,
                    const SourceCredentials* creds);

// The objects of one plan (`plan_index` is recorded in them), appended to `out`. `creds[i]` belongs
// to config.repositories[i] (mode secret only; others ignore it). The function generates one plan
// at a time and keeps only the text, so memory does not grow with trees for every PVC.
// `maintenance` records which (namespace, kopia repository) has its KopiaMaintenance already: the
// first plan of each makes it (none are made without it).
bool generate_plan(const BackupPlan& plan, std::size_t plan_index, const Config& config,
                   const std::vector<SourceCredentials>& creds, const TemplateSet& templates,
                   std::vector<Generated>& out, Findings& findings, KopiaMaintenanceSet* maintenance = nullptr);

}  // namespace vg
