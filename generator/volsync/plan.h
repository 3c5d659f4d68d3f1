// select + plan: which PVCs are backed up, and every value their objects need, as plain structs.
// Nothing here touches YAML text, so the rules are unit-tested without templates.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "volsync/settings.h"

namespace vg {

struct PvcFacts {
  std::string name, namespace_;
  std::vector<std::pair<std::string, std::string>> labels;  // input order
  // Input order; only the ones volsync-gen reads (volsync-gen.io/*, Argo CD's sync wave): a plan is
  // kept per PVC, and kpt's bookkeeping annotations would double its size.
  std::vector<std::pair<std::string, std::string>> annotations;
  std::vector<std::string> access_modes;
  std::string storage;        // spec.resources.requests.storage
  std::string storage_class;  // spec.storageClassName
  std::string data_source_ref_group, data_source_ref_kind, data_source_ref_name;  // spec.dataSourceRef
  bool has_data_source = false;                                                  // spec.dataSource
  std::size_t item_index = 0;  // position among the input items (the function patches it there)
  Origin origin;
};

// An error about the PVC (its file, line and resource); set .severity for a milder finding.
Finding pvc_finding(const PvcFacts& p, std::string rule, std::string field, std::string msg, std::string hint = {});

// Reads the fields selection and planning use; type errors become findings.
bool read_pvc(const Doc& pvc, const Origin& origin, PvcFacts& out, Findings& findings);

// One repository of one PVC: its credentials object and its ReplicationSource.
struct RepoPlan {
  std::size_t repo_index = 0;  // into Config::repositories
  std::string secret_name, rs_name;
  std::string repository;      // full RESTIC_REPOSITORY; empty when credentials are managed elsewhere
  std::string schedule;        // cron after spreading
  bool schedule_from_preset = false;
  Settings settings;           // config defaults < repository overrides < PVC annotations
  Doc mover_volumes;    // local/NFS repositories: VolSync moverVolumes
};

struct BackupPlan {
  PvcFacts pvc;
  std::string base_name;  // PVC name, or volsync-gen.io/name
  std::string rd_name;
  std::vector<RepoPlan> repos;
  std::size_t primary = 0;  // index into repos: the repository restores come from
  Settings settings;        // PVC-level (restore mode, classes, ...): the primary repository's
  bool patch_data_source = false;  // bootstrap: the PVC gets dataSourceRef to its RD
  const RepoPlan& primary_repo() const { return repos[primary]; }
};

// RS/RD names feed Jobs VolSync labels with `volsync-src-<name>`: 63 - 12 characters.
inline constexpr std::size_t kMaxReplicationNameLength = 51;

// The names of a PVC's objects, in one place: planning uses them, and so does ownership (which
// objects of the input a re-run may replace or remove).
std::string plan_base_name(const PvcFacts& pvc);  // volsync-gen.io/name, or the PVC's name
std::string rd_name_for(std::string_view base);
std::string rs_name_for(std::string_view base, const Repository& repo);
std::string secret_name_for(std::string_view base, const Repository& repo);

// Appends the per-PVC path to a base repository in the form restic expects for its scheme.
std::string join_repository(std::string_view base, std::string_view ns, std::string_view pvc);
// The same with the per-PVC path given (a resolved spec.naming.repositoryPath).
std::string join_repository_path(std::string_view base, std::string_view path);
// Checks the base repository is a restic repository string, not e.g. a bare bucket URL.
std::optional<std::string> repository_error(std::string_view base);

// Selected: annotation volsync-gen.io/backup other than "false", any other volsync-gen.io/
// annotation, or the selector label (default `backup`) with a value other than false/none/disabled.
bool pvc_selected(const PvcFacts& pvc, const Config& config);

// Base RESTIC_REPOSITORY of a repository before the per-PVC path (kUrl: its URL, or the source
// Secret's RESTIC_REPOSITORY_BASE, passed as `url_base`). Empty when unknown (existing credentials).
std::string repository_url(const Repository& repo, const std::string& url_base, std::string_view ns,
                           std::string_view pvc);
// The same below a resolved per-PVC path (default <namespace>/<pvc>).
std::string repository_url_at(const Repository& repo, const std::string& url_base, std::string_view path);

// The plan of a selected PVC; nullopt when it has errors (then findings say why).
// `url_bases[i]` is the base URL of config.repositories[i] (see repository_url).
std::optional<BackupPlan> plan_pvc(const PvcFacts& pvc, const Config& config,
                                   const std::vector<std::string>& url_bases, Findings& findings);

}  // namespace vg
