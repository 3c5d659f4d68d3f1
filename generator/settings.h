// Backup settings as plain values: the config's defaults, overridden per PVC by annotations.
// Parsing from the three sources (VolSyncBackup spec, ConfigMap data, PVC annotations) is one
// table in settings.cc, so a setting cannot exist in one place and be forgotten in another.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "finding.h"

namespace vg {

// restic forget policy. Empty is refused: VolSync then runs `forget --keep-last 1`.
struct Retain {
  std::optional<std::int64_t> hourly, daily, weekly, monthly, yearly;
  std::optional<std::string> within, last;
  bool empty() const {
    return !hourly && !daily && !weekly && !monthly && !yearly && !within && !last;
  }
  YAML::Node to_node() const;  // the `retain` object of a ReplicationSource
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
  YAML::Node mover_security_context;  // PodSecurityContext, as configured
  std::optional<std::int64_t> mover_uid, mover_gid, mover_fsgroup;

  static Retain default_retain();
  // The moverSecurityContext to emit (config map plus uid/gid/fsGroup overrides), or null.
  YAML::Node effective_security_context() const;
};

// Where a value came from, for messages: "functionConfig spec.retain" or "annotation volsync-gen.io/retain".
struct Origin {
  ResourceRef resource;
  std::string file;
  int line = 0;
};

struct Config {
  std::string repository;  // base; the per-PVC path is appended
  std::string secret_name;
  std::string secret_namespace;
  bool deploy_source_secret = false;
  std::string selector_label = "backup";
  int spread_first_hour = 0, spread_last_hour = 23;
  std::vector<std::string> disabled_rules;
  Settings defaults;
  Origin origin;  // the functionConfig, for locating findings about it
};

// The annotation prefix that selects PVCs and carries per-PVC overrides.
inline constexpr std::string_view kAnnotationPrefix = "volsync-gen.io/";


// functionConfig: VolSyncBackup (typed spec) or ConfigMap (`data:` strings). Unknown fields are errors.
bool parse_config(const YAML::Node& fc, const Origin& origin, Config& out, Findings& findings);

// Applies one `volsync-gen.io/<key>` PVC annotation (key without prefix) to settings.
// Returns false with a finding for unknown keys and bad values. `backup`, `name` and
// `skip-reason` are handled by selection, not here.
bool apply_annotation(std::string_view key, std::string_view value, const Origin& origin,
                      Settings& s, Findings& findings);

// Every annotation key we understand (without prefix), for docs and "did you mean".
std::vector<std::string> annotation_keys();

// Parses "hourly=24,daily=7,within=3d" (annotation and ConfigMap form).
std::optional<std::string> parse_retain_string(std::string_view text, Retain& out);

}  // namespace vg
