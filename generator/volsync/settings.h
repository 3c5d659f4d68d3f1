// Backup settings as plain values: the config's defaults, overridden per PVC by annotations.
// Parsing from every source (VolSyncBackup spec as typed Doc values; ConfigMap data, PVC
// annotations and the Argo CD environment as strings) is one table in settings.cc with one typed
// setter per setting, so a setting cannot exist in one place and be forgotten in another.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "volsync/namespace_policy.h"
#include "volsync/retain.h"

namespace vg {

// Names and the repository path as templates over ${namespace} ${pvc} ${name} ${app} ${repository}
// (naming.h); empty: today's default (<name>-backup[-<repo>], <name>-restore, <name>-volsync-secret,
// <namespace>/<pvc>).
struct Naming {
  std::string repository_path, source, destination, secret;
  bool operator==(const Naming&) const = default;
};

struct Settings {
  std::string schedule = "daily";  // preset (spread per PVC) or 5-field cron
  Retain retain = default_retain();
  std::int64_t prune_interval_days = 7;
  std::string copy_method = "Snapshot";          // ReplicationSource
  std::string restore_copy_method = "Snapshot";  // ReplicationDestination
  std::string restore_trigger = "restore-once";  // stable trigger.manual value
  std::string storage_class, snapshot_class, cache_storage_class;
  std::string cache_capacity = "1Gi";
  std::vector<std::string> cache_access_modes;
  Doc mover_security_context;  // PodSecurityContext, as configured (a map, or undefined)
  std::optional<std::int64_t> mover_uid, mover_gid, mover_fsgroup;
  // How the ReplicationDestination restores (see restore_modes in plan.h):
  // snapshot (default), bootstrap, manual, none.
  std::string restore_mode = "snapshot";
  std::string restore_now;          // manual mode: a token that unpauses the restore once
  std::string skip_restore_reason;  // required for restore mode none
  std::string unlock;               // restic.unlock token; changing it runs `restic unlock` once
  Naming naming;                    // spec.naming, or the per-PVC name annotations
  // VolSync fields set as written (unset: not emitted, VolSync's default applies).
  std::optional<bool> cleanup_temp_pvc, cleanup_cache_pvc, enable_file_deletion;  // ReplicationDestination
  std::optional<std::int64_t> previous;                                           // ReplicationDestination
  std::string restore_as_of;                                                      // ReplicationDestination
  std::vector<std::string> source_access_modes;  // ReplicationSource restic.accessModes
  Doc custom_ca, mover_resources, mover_affinity;  // objects as VolSync takes them (undefined: unset)
  std::string mover_service_account;
  // Per-PVC ExternalSecret overrides of the repository's credentials (empty: the repository's).
  std::string es_remote_key, es_store_name, es_deletion_policy;
  // The mover (kopia_mover.h): restic (upstream VolSync) or kopia (the perfectra1n fork).
  std::string mover = "restic";
  std::string compression;                // kopia: snapshot compression ("" leaves the repository's policy)
  std::optional<std::int64_t> parallelism;  // kopia: snapshot create --parallel
  std::string before_snapshot, after_snapshot;  // kopia: actions run in the mover container

  static Retain default_retain();
  // The moverSecurityContext to emit (config map plus uid/gid/fsGroup overrides), or null.
  Doc effective_security_context() const;  // undefined when nothing is set
};

// Where a value came from, for messages: "functionConfig spec.retain" or "annotation volsync-gen.io/retain".
struct Origin {
  ResourceRef resource;
  std::string file;
  int line = 0;
};

// Where each per-PVC repository Secret comes from.
struct Credentials {
  enum class Mode { kSecret, kExternalSecret, kExisting };
  Mode mode = Mode::kSecret;
  // kSecret: copied from this source Secret in the input.
  std::string secret_name, secret_namespace;
  bool deploy_source_secret = false;
  // Per namespace (credentials_by_namespace.h): namespace or glob -> source Secret name (kSecret,
  // credentials.byNamespace) or remoteKey (kExternalSecret, credentials.externalSecret.byNamespace);
  // secret_name / remote_key are the fallback. Config order.
  std::vector<std::pair<std::string, std::string>> secret_by_namespace, remote_key_by_namespace;
  // Where each map is in the config's text (DocMark lines; -1 unset), to locate findings about it.
  int secret_by_namespace_mark = -1, remote_key_by_namespace_mark = -1;
  // kExternalSecret: an External Secrets Operator ExternalSecret per PVC builds the Secret.
  std::string eso_api_version = "external-secrets.io/v1";
  std::string store_kind = "ClusterSecretStore", store_name, remote_key, refresh_interval = "1h";
  std::string deletion_policy;  // ExternalSecret spec.target.deletionPolicy; empty: ESO's default (Retain)
  std::vector<std::pair<std::string, std::string>> properties;  // Secret key -> remote property
  // Name of the per-PVC Secret: <base>-<suffix>; default volsync-secret, or volsync-<repository>.
  std::string secret_suffix;
};
const char* credentials_mode_name(Credentials::Mode m);

// One restic repository a PVC is backed up to. The default configuration has one unnamed
// repository given as a URL (spec.repository); spec.repositories lists named ones.
struct Repository {
  enum class Backend { kUrl, kS3, kB2, kAzure, kGcs, kRest, kLocal };
  std::string name;  // empty: the single unnamed repository (names without a suffix)
  bool primary = false;
  Backend backend = Backend::kUrl;
  std::string url;                           // kUrl base, kRest server URL
  std::string endpoint, bucket, prefix, region;  // kS3 (endpoint, bucket, prefix, region); kB2/kAzure/kGcs bucket+prefix
  std::string mount_path = "repository";     // kLocal: mounted at /mnt/<mount_path>
  std::string nfs_server, nfs_path, pvc;     // kLocal volume source
  Credentials credentials;
  Doc overrides;                             // schedule/retain/pruneIntervalDays for this repository (a map)
  Origin origin;
};
const char* backend_name(Repository::Backend b);

struct Config {
  std::string repository;  // base; the per-PVC path is appended
  Credentials credentials;  // default for every repository
  std::vector<Repository> repositories;  // at least one after parse_config
  bool privileged_movers = false;        // annotate namespaces volsync.backube/privileged-movers
  bool mover_context_from_workload = false;  // take runAsUser/runAsGroup/fsGroup from the pod using the PVC
  double cache_min_fraction = 0.05;      // warn when cacheCapacity < fraction x PVC size
  Doc raw_repositories;                  // spec.repositories as given, parsed by parse_repositories
  std::string selector_label = "backup";
  int spread_first_hour = 0, spread_last_hour = 23;
  std::vector<std::string> disabled_rules;
  NamespacePolicy namespaces;  // spec.namespaces: where selected PVCs may be (namespace_policy.h)
  Settings defaults;
  Origin origin;  // the functionConfig, for locating findings about it
  // Argo CD sync waves on generated objects (argocd.h, spec.argocd.syncWaves); "" leaves a kind unannotated.
  bool argocd_sync_waves = true;
  std::string wave_secret = "-2", wave_destination = "-1", wave_source = "1";
  // kopia: one KopiaMaintenance per kopia repository and namespace, unless maintenance runs elsewhere.
  bool kopia_maintenance = true;
  std::string kopia_maintenance_schedule = "daily";  // preset (spread per namespace/repository) or cron
};

// A "config" finding located at `o` (the functionConfig, or an entry of it).
Finding config_finding(const Origin& o, std::string field, std::string msg, std::string hint = {});
// The field of the functionConfig `config` that an Argo CD override of ConfigMap key `key` sets:
// data.<key> in a ConfigMap, spec.<path> in a VolSyncBackup ("" for an unknown key).
std::string override_field_path(const ResourceRef& config, const std::string& key);
// A finding about an override: the functionConfig it changes, its field, and the variable it came
// from (`source`, "environment ARGOCD_ENV_VOLSYNC_SCHEDULE") as the origin.
Finding override_finding(const Origin& config, const std::string& key, const std::string& source, std::string msg);

// The annotation prefix that selects PVCs and carries per-PVC overrides.
inline constexpr std::string_view kAnnotationPrefix = "volsync-gen.io/";


// A setting given outside the config file in ConfigMap form (Argo CD plugin env/parameters,
// env_overrides.h). `source` locates findings: "environment PARAM_SCHEDULE".
struct ConfigOverride {
  std::string key;  // ConfigMap data key
  std::string value;
  std::string source;
  // An array parameter's items in index order (`value` joins them with ","): a list setting takes
  // them as its entries, without splitting `value` again.
  std::optional<std::vector<std::string>> items = std::nullopt;
};

// functionConfig: VolSyncBackup (typed spec) or ConfigMap (`data:` strings). Unknown fields are errors.
// `overrides` apply in order after the config's own fields, validated like ConfigMap values.
bool parse_config(const Doc& fc, const Origin& origin, Config& out, Findings& findings,
                  const std::vector<ConfigOverride>& overrides = {});

// Every ConfigMap data key we understand, for env/parameter names and docs.
std::vector<std::string> configmap_keys();

// Applies one `volsync-gen.io/<key>` PVC annotation (key without prefix) to settings.
// Returns false with a finding for unknown keys and bad values. `backup`, `name` and
// `skip-reason` are handled by selection, not here.
bool apply_annotation(std::string_view key, std::string_view value, const Origin& origin,
                      Settings& s, Findings& findings);

// Every annotation key we understand (without prefix), for docs and "did you mean".
std::vector<std::string> annotation_keys();

// spec.credentials-shaped object over `inout` (unset fields inherit).
bool parse_credentials_node(const Doc& node, const Origin& origin, Credentials& inout,
                            Findings& findings);
// Mode-specific requirements (source Secret named, ESO store and key, ...).
void check_credentials(const Credentials& c, const Origin& origin, bool configmap, const std::string& repo,
                       Findings& findings);
// spec.repositories -> config.repositories (repositories.cc).
bool parse_repositories(const Doc& list, const Origin& origin, Config& config, Findings& findings);

// Applies one typed spec field (as in VolSyncBackup spec, e.g. "schedule", "retain") to settings;
// used for per-repository overrides.
bool apply_setting_node(std::string_view spec_key, const Doc& value, const Origin& origin,
                        Settings& s, Findings& findings);

}  // namespace vg
