#include "volsync/settings.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>

#include "yaml/emit.h"
#include "krm/names.h"
#include "krm/suggest.h"
#include "krm/quantity.h"
#include "volsync/mover_fields.h"
#include "volsync/kopia_mover.h"
#include "volsync/namespace_glob.h"
#include "volsync/naming.h"
#include "volsync/rule_registry.h"
#include "volsync/schedule.h"

namespace vg {
namespace {

using Error = std::optional<std::string>;

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

Error int_in(std::string_view s, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  auto v = to_int(s);
  if (!v) return "\"" + std::string(s) + "\" is not an integer";
  if (*v < lo || *v > hi)
    return std::to_string(*v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi);
  out = *v;
  return std::nullopt;
}

constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();

Error one_of(std::string_view v, std::initializer_list<std::string_view> allowed, std::string& out,
             std::string_view extra_hint = {}) {
  for (auto a : allowed)
    if (v == a) {
      out = std::string(v);
      return std::nullopt;
    }
  std::string msg = "\"" + std::string(v) + "\" is not one of";
  for (auto a : allowed) msg += " " + std::string(a);
  if (!extra_hint.empty()) msg += " (" + std::string(extra_hint) + ")";
  return msg;
}

Error class_name(std::string_view v, std::string& out) {
  if (auto e = dns1123_subdomain_error(v)) return "\"" + std::string(v) + "\": " + *e;
  out = std::string(v);
  return std::nullopt;
}

Error access_modes(const std::vector<std::string>& modes, std::vector<std::string>& out) {
  if (modes.empty()) return "needs at least one access mode";
  for (const auto& m : modes) {
    std::string mode;
    if (auto e = one_of(m, {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"}, mode))
      return e;
  }
  out = modes;
  return std::nullopt;
}

// The string form of a list: "a, b,c" (ConfigMap data, annotations, environment). Entries keep
// their place even when empty, so that each list's own check sees them.
std::vector<std::string> split_list(std::string_view v) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  for (;;) {
    std::size_t c = v.find(',', pos);
    std::string_view m = v.substr(pos, c == std::string_view::npos ? std::string_view::npos : c - pos);
    while (!m.empty() && m.front() == ' ') m.remove_prefix(1);
    while (!m.empty() && m.back() == ' ') m.remove_suffix(1);
    items.emplace_back(m);
    if (c == std::string_view::npos) return items;
    pos = c + 1;
  }
}

Error schedule_value(std::string_view v, std::string& out) {
  // Presets are spread per PVC later; here only the form is checked.
  auto r = resolve_schedule(v, "check", SpreadWindow{});
  if (auto* e = std::get_if<CronError>(&r)) return e->message;
  out = std::string(v);
  return std::nullopt;
}

using SetText = std::function<Error(Config&, Settings&, std::string_view)>;
using SetList = std::function<Error(Config&, Settings&, const std::vector<std::string>&)>;
using SetRetain = std::function<Error(Config&, Settings&, const Retain&)>;
using SetDoc = std::function<Error(Config&, Settings&, const Doc&)>;

// One setting, readable from a typed spec, a ConfigMap string, and (if per-PVC) an annotation,
// with one typed target: its setter, which both forms reach without passing through the other.
// kString/kInt/kBool set from a scalar's text (the spec form checks the YAML type first); kList
// from a list of strings; kRetain from a Retain (retain.h parses both forms); kObject from a Doc,
// in a VolSyncBackup spec only.
struct Field {
  std::string_view spec_path;   // dotted path under VolSyncBackup spec
  std::string_view cm_key;      // ConfigMap data key
  std::string_view annotation;  // key after volsync-gen.io/, empty if config-only
  // kYaml: an object, in a spec as YAML, in the string forms as YAML flow text ({key: value}).
  enum Kind { kString, kInt, kBool, kList, kRetain, kObject, kYaml } kind;
  SetText text = nullptr;
  SetList list = nullptr;
  SetRetain retain = nullptr;
  SetDoc doc = nullptr;
};

Error parse_bool(std::string_view v, bool& out) {
  if (v == "true") out = true;
  else if (v == "false") out = false;
  else return "\"" + std::string(v) + "\" is not true or false";
  return std::nullopt;
}

// An Argo CD sync wave: an integer (Argo CD parses the annotation with strconv.Atoi), or "" for none.
Error sync_wave_value(std::string_view v, std::string& out) {
  std::string_view digits = v.substr(!v.empty() && (v[0] == '-' || v[0] == '+') ? 1 : 0);
  if (!v.empty() && (digits.empty() || digits.size() > 9 ||
                     !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; })))
    return "\"" + std::string(v) + "\" is not an integer sync wave (or \"\" for none)";
  out = std::string(v);
  return std::nullopt;
}

// One entry of credentials.externalSecret.properties: a key of every generated Secret, read from
// the one store item all PVCs share. So it can carry no key that locates the repository.
Error property_error(const std::string& key, const Doc& property) {
  if (auto e = config_key_error(key)) return "\"" + key + "\" is not a valid Secret key: " + *e;
  if (key == "RESTIC_REPOSITORY" || key == "RESTIC_REPOSITORY_BASE")
    return "the repository cannot come from the store item every PVC reads: every PVC would write one restic "
           "repository and prune the others' snapshots; set spec.repository (or a repository block), to "
           "which volsync-gen appends each PVC's path";
  if (!property.IsScalar()) return std::string("must be a string");
  if (property.Scalar().empty()) return std::string("names no remote property");
  return std::nullopt;
}

// spec.namespaces.include/exclude: names or globs (namespace_policy.h). The string form "" is no entry.
Error namespace_list(const std::vector<std::string>& entries, std::vector<std::string>& out) {
  if (entries.size() == 1 && entries.front().empty()) {
    out.clear();
    return std::nullopt;
  }
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (auto e = namespace_pattern_error(entries[i])) return "entry " + std::to_string(i) + ": " + *e;
  out = entries;
  return std::nullopt;
}

// credentials.byNamespace / credentials.externalSecret.byNamespace: namespace or glob -> a value
// `check` accepts (a Secret name, a remoteKey).
Error by_namespace(const Doc& n, std::vector<std::pair<std::string, std::string>>& out,
                   const std::function<Error(const std::string&)>& check) {
  if (!n.IsMap()) return std::string("byNamespace must map namespaces (or globs) to names");
  out.clear();
  for (const auto& kv : n.entries()) {
    const std::string& ns = kv.first.Scalar();
    // The same patterns as spec.namespaces: a DNS label in which * and ? may stand for characters.
    if (auto e = namespace_pattern_error(ns)) return "byNamespace." + ns + ": " + *e;
    if (!kv.second.IsScalar()) return "byNamespace." + ns + ": must be a string";
    if (auto e = check(kv.second.Scalar())) return "byNamespace." + ns + ": " + *e;
    out.emplace_back(ns, kv.second.Scalar());
  }
  return std::nullopt;
}

Error naming_value(std::string_view v, std::string& out) {
  if (v.empty()) return std::string("must not be empty (leave it unset for the default)");
  if (auto e = naming_template_error(v)) return e;
  out = std::string(v);
  return std::nullopt;
}

Error optional_bool(std::string_view v, std::optional<bool>& out) {
  bool b = false;
  if (auto e = parse_bool(v, b)) return e;
  out = b;
  return std::nullopt;
}

Error object_value(const Doc& n, Error (*check)(const Doc&), Doc& out) {
  if (auto e = check(n)) return e;
  out = n;
  return std::nullopt;
}

const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {"repository", "repository", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (v.empty()) return "repository must not be empty";
         c.repository = std::string(v);
         return std::nullopt;
       }},
      {"credentials.secretName", "secretName", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (auto e = dns1123_subdomain_error(v)) return "\"" + std::string(v) + "\": " + *e;
         c.credentials.secret_name = std::string(v);
         return std::nullopt;
       }},
      {"credentials.secretNamespace", "secretNamespace", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (auto e = dns1123_label_error(v)) return "\"" + std::string(v) + "\": " + *e;
         c.credentials.secret_namespace = std::string(v);
         return std::nullopt;
       }},
      {.spec_path = "credentials.byNamespace", .kind = Field::kObject,
       .doc = [](Config& c, Settings&, const Doc& n) -> Error {
         c.credentials.secret_by_namespace_mark = n.Mark().line;
         return by_namespace(n, c.credentials.secret_by_namespace, [](const std::string& v) -> Error {
           if (auto e = dns1123_subdomain_error(v)) return "\"" + v + "\" is not a Secret name: " + *e;
           return std::nullopt;
         });
       }},
      {"credentials.deploySourceSecret", "deploySourceSecret", "", Field::kBool,
       [](Config& c, Settings&, std::string_view v) { return parse_bool(v, c.credentials.deploy_source_secret); }},
      {"credentials.mode", "credentialsMode", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         using M = Credentials::Mode;
         if (v == "secret") c.credentials.mode = M::kSecret;
         else if (v == "externalSecret") c.credentials.mode = M::kExternalSecret;
         else if (v == "existing") c.credentials.mode = M::kExisting;
         else return "\"" + std::string(v) + "\" is not one of secret externalSecret existing";
         return std::nullopt;
       }},
      {"credentials.secretSuffix", "secretSuffix", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (auto e = dns1123_label_error(v)) return "\"" + std::string(v) + "\": " + *e;
         c.credentials.secret_suffix = std::string(v);
         return std::nullopt;
       }},
      {"credentials.externalSecret.apiVersion", "externalSecretApiVersion", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) {
         return one_of(v, {"external-secrets.io/v1", "external-secrets.io/v1beta1"}, c.credentials.eso_api_version);
       }},
      {"credentials.externalSecret.storeKind", "storeKind", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) {
         return one_of(v, {"ClusterSecretStore", "SecretStore"}, c.credentials.store_kind);
       }},
      {"credentials.externalSecret.storeName", "storeName", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (auto e = dns1123_subdomain_error(v)) return "\"" + std::string(v) + "\": " + *e;
         c.credentials.store_name = std::string(v);
         return std::nullopt;
       }},
      {"credentials.externalSecret.remoteKey", "remoteKey", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (v.empty()) return "remoteKey must not be empty";
         c.credentials.remote_key = std::string(v);
         return std::nullopt;
       }},
      {.spec_path = "credentials.externalSecret.byNamespace", .kind = Field::kObject,
       .doc = [](Config& c, Settings&, const Doc& n) -> Error {
         c.credentials.remote_key_by_namespace_mark = n.Mark().line;
         return by_namespace(n, c.credentials.remote_key_by_namespace, [](const std::string& v) -> Error {
           if (v.empty()) return std::string("remoteKey must not be empty");
           return std::nullopt;
         });
       }},
      {"credentials.externalSecret.refreshInterval", "refreshInterval", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         static const RE2 re(R"(([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+)");
         if (!RE2::FullMatch(v, re)) return "\"" + std::string(v) + "\" is not a duration like 1h or 30m";
         c.credentials.refresh_interval = std::string(v);
         return std::nullopt;
       }},
      {.spec_path = "credentials.externalSecret.properties", .kind = Field::kObject,
       .doc = [](Config& c, Settings&, const Doc& n) -> Error {
         if (!n.IsMap()) return "properties must map Secret keys to remote properties";
         c.credentials.properties.clear();
         for (const auto& kv : n.entries()) {
           const std::string& key = kv.first.Scalar();
           if (auto e = property_error(key, kv.second)) return "properties." + key + ": " + *e;
           c.credentials.properties.emplace_back(key, kv.second.Scalar());
         }
         return std::nullopt;
       }},
      {.spec_path = "repositories", .kind = Field::kObject,
       .doc = [](Config& c, Settings&, const Doc& n) -> Error {
         if (!n.IsSequence() || n.size() == 0) return "repositories must be a non-empty list";
         c.raw_repositories = n;
         return std::nullopt;
       }},
      {"privilegedMovers", "privilegedMovers", "", Field::kBool,
       [](Config& c, Settings&, std::string_view v) { return parse_bool(v, c.privileged_movers); }},
      {"moverSecurityContextFromWorkload", "moverSecurityContextFromWorkload", "", Field::kBool,
       [](Config& c, Settings&, std::string_view v) { return parse_bool(v, c.mover_context_from_workload); }},
      {"cacheMinFraction", "cacheMinFraction", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         static const RE2 re(R"(0(\.[0-9]+)?|1(\.0+)?)");
         if (!RE2::FullMatch(v, re)) return "\"" + std::string(v) + "\" is not a fraction between 0 and 1";
         c.cache_min_fraction = std::stod(std::string(v));
         return std::nullopt;
       }},
      {"restore", "restore", "restore", Field::kString,
       [](Config&, Settings& s, std::string_view v) {
         return one_of(v, {"snapshot", "bootstrap", "manual", "none"}, s.restore_mode);
       }},
      {"", "", "restore-now", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "restore-now needs a token (any value; change it to restore again)";
         s.restore_now = std::string(v);
         return std::nullopt;
       }},
      {"", "", "skip-restore", Field::kBool,
       [](Config&, Settings& s, std::string_view v) -> Error {
         bool skip = false;
         if (auto e = parse_bool(v, skip)) return e;
         if (skip) s.restore_mode = "none";
         return std::nullopt;
       }},
      {"skipRestoreReason", "skipRestoreReason", "skip-restore-reason", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "the reason must not be empty";
         s.skip_restore_reason = std::string(v);
         return std::nullopt;
       }},
      {"unlock", "unlock", "unlock", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "unlock needs a token; change it to run restic unlock once more";
         s.unlock = std::string(v);
         return std::nullopt;
       }},
      // ---- names and paths as templates (naming.h) ----
      {"naming.repositoryPath", "namingRepositoryPath", "repository-path", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return naming_value(v, s.naming.repository_path); }},
      {"naming.source", "namingSource", "source-name", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return naming_value(v, s.naming.source); }},
      {"naming.destination", "namingDestination", "destination-name", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return naming_value(v, s.naming.destination); }},
      {"naming.secret", "namingSecret", "secret-name", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return naming_value(v, s.naming.secret); }},
      // ---- VolSync fields passed through as written (mover_fields.h) ----
      {"cleanupTempPVC", "cleanupTempPVC", "cleanup-temp-pvc", Field::kBool,
       [](Config&, Settings& s, std::string_view v) { return optional_bool(v, s.cleanup_temp_pvc); }},
      {"cleanupCachePVC", "cleanupCachePVC", "cleanup-cache-pvc", Field::kBool,
       [](Config&, Settings& s, std::string_view v) { return optional_bool(v, s.cleanup_cache_pvc); }},
      {"enableFileDeletion", "enableFileDeletion", "enable-file-deletion", Field::kBool,
       [](Config&, Settings& s, std::string_view v) { return optional_bool(v, s.enable_file_deletion); }},
      {"previous", "previous", "previous", Field::kInt,
       [](Config&, Settings& s, std::string_view v) -> Error {
         std::int64_t x = 0;
         if (auto e = int_in(v, 0, kInt32Max, x)) return e;
         s.previous = x;
         return std::nullopt;
       }},
      {"restoreAsOf", "restoreAsOf", "restore-as-of", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (auto e = restore_as_of_error(v)) return e;
         s.restore_as_of = std::string(v);
         return std::nullopt;
       }},
      {.spec_path = "sourceAccessModes", .cm_key = "sourceAccessModes", .annotation = "source-access-modes",
       .kind = Field::kList,
       .list = [](Config&, Settings& s, const std::vector<std::string>& v) { return access_modes(v, s.source_access_modes); }},
      {"moverServiceAccount", "moverServiceAccount", "mover-service-account", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (auto e = dns1123_subdomain_error(v)) return "\"" + std::string(v) + "\": " + *e;
         s.mover_service_account = std::string(v);
         return std::nullopt;
       }},
      {.spec_path = "customCA", .cm_key = "customCA", .annotation = "custom-ca", .kind = Field::kYaml,
       .doc = [](Config&, Settings& s, const Doc& n) { return object_value(n, custom_ca_error, s.custom_ca); }},
      {.spec_path = "moverResources", .cm_key = "moverResources", .annotation = "mover-resources", .kind = Field::kYaml,
       .doc = [](Config&, Settings& s, const Doc& n) { return object_value(n, mover_resources_error, s.mover_resources); }},
      {.spec_path = "moverAffinity", .cm_key = "moverAffinity", .annotation = "mover-affinity", .kind = Field::kYaml,
       .doc = [](Config&, Settings& s, const Doc& n) { return object_value(n, mover_affinity_error, s.mover_affinity); }},
      // Per-PVC ExternalSecret overrides (credentials mode externalSecret): an app's own store item or store.
      {"", "", "remote-key", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "remoteKey must not be empty";
         s.es_remote_key = std::string(v);
         return std::nullopt;
       }},
      {"", "", "store-name", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return class_name(v, s.es_store_name); }},
      {"", "", "deletion-policy", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return one_of(v, {"Retain", "Delete", "Merge"}, s.es_deletion_policy); }},
      {"credentials.externalSecret.deletionPolicy", "deletionPolicy", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) {
         return one_of(v, {"Retain", "Delete", "Merge"}, c.credentials.deletion_policy);
       }},
      {"selector.label", "selectorLabel", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         if (auto e = qualified_name_error(v)) return "\"" + std::string(v) + "\": " + *e;
         c.selector_label = std::string(v);
         return std::nullopt;
       }},
      {"spreadHours", "spreadHours", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         static const RE2 re(R"(([0-9]{1,2})-([0-9]{1,2}))");
         int a = 0, b = 0;
         if (!RE2::FullMatch(v, re, &a, &b)) return "\"" + std::string(v) + "\" is not an hour range like 1-5";
         if (a > 23 || b > 23 || a > b) return "\"" + std::string(v) + "\" must be FIRST-LAST within 0-23";
         c.spread_first_hour = a;
         c.spread_last_hour = b;
         return std::nullopt;
       }},
      {"schedule", "schedule", "schedule", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return schedule_value(v, s.schedule); }},
      {.spec_path = "retain", .cm_key = "retain", .annotation = "retain", .kind = Field::kRetain,
       .retain = [](Config&, Settings& s, const Retain& r) -> Error {
         s.retain = r;
         return std::nullopt;
       }},
      {"pruneIntervalDays", "pruneIntervalDays", "prune-interval-days", Field::kInt,
       [](Config&, Settings& s, std::string_view v) {
         return int_in(v, 1, kInt32Max, s.prune_interval_days);
       }},
      {"copyMethod", "copyMethod", "copy-method", Field::kString,
       [](Config&, Settings& s, std::string_view v) {
         return one_of(v, {"Snapshot", "Clone", "Direct"}, s.copy_method,
                       v == "None" ? "None is a deprecated alias of Direct" : "");
       }},
      {"restoreCopyMethod", "restoreCopyMethod", "restore-copy-method", Field::kString,
       [](Config&, Settings& s, std::string_view v) {
         return one_of(v, {"Snapshot", "Direct"}, s.restore_copy_method,
                       v == "Clone" ? "VolSync cannot restore with Clone" : "");
       }},
      {"restoreTrigger", "restoreTrigger", "restore-trigger", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "the restore trigger must not be empty: an empty manual trigger restores in a loop";
         s.restore_trigger = std::string(v);
         return std::nullopt;
       }},
      {"storageClassName", "storageClassName", "storage-class", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return class_name(v, s.storage_class); }},
      {"volumeSnapshotClassName", "volumeSnapshotClassName", "snapshot-class", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return class_name(v, s.snapshot_class); }},
      {"cacheStorageClassName", "cacheStorageClassName", "cache-storage-class", Field::kString,
       [](Config&, Settings& s, std::string_view v) { return class_name(v, s.cache_storage_class); }},
      {"cacheCapacity", "cacheCapacity", "cache-capacity", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (auto e = capacity_error(v)) return e;
         s.cache_capacity = std::string(v);
         return std::nullopt;
       }},
      {.spec_path = "cacheAccessModes", .cm_key = "cacheAccessModes", .annotation = "cache-access-modes",
       .kind = Field::kList,
       .list = [](Config&, Settings& s, const std::vector<std::string>& v) { return access_modes(v, s.cache_access_modes); }},
      {.spec_path = "moverSecurityContext", .kind = Field::kObject,
       .doc = [](Config&, Settings& s, const Doc& n) -> Error {
         if (!n.IsMap()) return "moverSecurityContext must be an object";
         s.mover_security_context = n;
         return std::nullopt;
       }},
      {"", "moverUID", "mover-uid", Field::kInt,
       [](Config&, Settings& s, std::string_view v) -> Error {
         std::int64_t x = 0;
         if (auto e = int_in(v, 0, 2147483647, x)) return e;
         s.mover_uid = x;
         return std::nullopt;
       }},
      {"", "moverGID", "mover-gid", Field::kInt,
       [](Config&, Settings& s, std::string_view v) -> Error {
         std::int64_t x = 0;
         if (auto e = int_in(v, 0, 2147483647, x)) return e;
         s.mover_gid = x;
         return std::nullopt;
       }},
      {"", "moverFSGroup", "mover-fsgroup", Field::kInt,
       [](Config&, Settings& s, std::string_view v) -> Error {
         std::int64_t x = 0;
         if (auto e = int_in(v, 0, 2147483647, x)) return e;
         s.mover_fsgroup = x;
         return std::nullopt;
       }},
      // The mover and the kopia-only settings (kopia_mover.h); restic ignores the kopia ones.
      {"mover", "mover", "mover", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (auto e = mover_error(v)) return e;
         s.mover = std::string(v);
         return std::nullopt;
       }},
      {"kopia.compression", "kopiaCompression", "compression", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (auto e = kopia_compression_error(v)) return e;
         s.compression = std::string(v);
         return std::nullopt;
       }},
      {"kopia.parallelism", "kopiaParallelism", "parallelism", Field::kInt,
       [](Config&, Settings& s, std::string_view v) -> Error {
         std::int64_t x = 0;
         if (auto e = int_in(v, 1, kInt32Max, x)) return e;
         s.parallelism = x;
         return std::nullopt;
       }},
      {"kopia.actions.beforeSnapshot", "kopiaBeforeSnapshot", "before-snapshot", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "the action must not be empty";
         s.before_snapshot = std::string(v);
         return std::nullopt;
       }},
      {"kopia.actions.afterSnapshot", "kopiaAfterSnapshot", "after-snapshot", Field::kString,
       [](Config&, Settings& s, std::string_view v) -> Error {
         if (v.empty()) return "the action must not be empty";
         s.after_snapshot = std::string(v);
         return std::nullopt;
       }},
      {"kopia.maintenance.enabled", "kopiaMaintenance", "", Field::kBool,
       [](Config& c, Settings&, std::string_view v) { return parse_bool(v, c.kopia_maintenance); }},
      {"kopia.maintenance.schedule", "kopiaMaintenanceSchedule", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) { return schedule_value(v, c.kopia_maintenance_schedule); }},
      // Argo CD sync waves on generated objects (argocd.cc): credentials, then the restore, then the
      // user's PVC (wave 0 unless it says otherwise), then the backup.
      {"argocd.syncWaves.enabled", "argocdSyncWaves", "", Field::kBool,
       [](Config& c, Settings&, std::string_view v) { return parse_bool(v, c.argocd_sync_waves); }},
      {"argocd.syncWaves.secret", "argocdSyncWaveSecret", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) { return sync_wave_value(v, c.wave_secret); }},
      {"argocd.syncWaves.replicationDestination", "argocdSyncWaveReplicationDestination", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) { return sync_wave_value(v, c.wave_destination); }},
      {"argocd.syncWaves.replicationSource", "argocdSyncWaveReplicationSource", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) { return sync_wave_value(v, c.wave_source); }},
      {.spec_path = "namespaces.include", .cm_key = "namespacesInclude", .kind = Field::kList,
       .list = [](Config& c, Settings&, const std::vector<std::string>& v) { return namespace_list(v, c.namespaces.include); }},
      {.spec_path = "namespaces.exclude", .cm_key = "namespacesExclude", .kind = Field::kList,
       .list = [](Config& c, Settings&, const std::vector<std::string>& v) { return namespace_list(v, c.namespaces.exclude); }},
      {"namespaces.action", "namespacesAction", "", Field::kString,
       [](Config& c, Settings&, std::string_view v) -> Error {
         std::string action;
         if (auto e = one_of(v, {"error", "warn"}, action)) return e;
         c.namespaces.action = action == "warn" ? NamespacePolicy::Action::kWarn : NamespacePolicy::Action::kError;
         return std::nullopt;
       }},
      {.spec_path = "rules.disabled", .cm_key = "disabledRules", .kind = Field::kList,
       .list = [](Config& c, Settings&, const std::vector<std::string>& ids) -> Error {
         std::vector<std::string> named;
         for (const auto& id : ids)
           if (!id.empty()) named.push_back(id);
         // Unknown ids (with "did you mean") and rules that guard the output are refused.
         Findings refused;
         check_disabled_rules(named, Finding{}, refused);
         if (!refused.empty()) return refused.front().message;
         c.disabled_rules = std::move(named);
         return std::nullopt;
       }},
  };
  return table;
}

const char* kind_name(Field::Kind k) {
  switch (k) {
    case Field::kString: return "a string";
    case Field::kInt: return "an integer";
    case Field::kBool: return "true or false";
    case Field::kList: return "a list of strings";
    case Field::kRetain: return "an object of keep counts";
    case Field::kObject: return "an object";
    case Field::kYaml: return "an object";
  }
  return "a value";
}

// The string form (ConfigMap data, annotation, environment) to the field's target.
Error apply_text(const Field& f, Config& c, Settings& s, std::string_view v) {
  switch (f.kind) {
    case Field::kString:
    case Field::kInt:
    case Field::kBool: return f.text(c, s, v);
    case Field::kList: return f.list(c, s, split_list(v));
    case Field::kRetain: {
      Retain r;
      if (auto e = parse_retain_string(v, r)) return e;
      return f.retain(c, s, r);
    }
    case Field::kYaml: {
      Doc n;
      if (auto e = parse_object_text(v, n)) return e;
      return f.doc(c, s, n);
    }
    case Field::kObject: break;
  }
  return std::string("must be set in a VolSyncBackup spec");
}

// What is wrong with a typed value: `sub` is the path below the field ("within" of retain), and
// `mark` where it was read (line -1: the field's own key).
struct DocError {
  std::string message;
  std::string sub;
  DocMark mark;
};

std::optional<DocError> at_field(Error e) {
  if (!e) return std::nullopt;
  return DocError{std::move(*e), "", DocMark{}};
}

// The typed form (a VolSyncBackup spec) to the field's target: the YAML type must be the field's.
std::optional<DocError> apply_doc(const Field& f, Config& c, Settings& s, const Doc& n) {
  const auto must_be = [&](const char* extra = "") {
    return DocError{std::string("must be ") + kind_name(f.kind) + extra, "", DocMark{}};
  };
  switch (f.kind) {
    case Field::kString:
      if (!n.IsScalar()) return must_be();
      return at_field(f.text(c, s, n.Scalar()));
    case Field::kInt:
    case Field::kBool:
      if (!n.IsScalar() || is_string_scalar(n)) return must_be(" (unquoted)");
      return at_field(f.text(c, s, n.Scalar()));
    case Field::kList: {
      if (!n.IsSequence()) return must_be();
      std::vector<std::string> items;
      for (const auto& item : n.items()) {
        if (!item.IsScalar()) return DocError{"list entries must be strings", "", item.Mark()};
        items.push_back(item.Scalar());
      }
      return at_field(f.list(c, s, items));
    }
    case Field::kRetain: {
      if (!n.IsMap()) return must_be();
      Retain r;
      if (auto e = parse_retain_doc(n, r)) return DocError{std::move(e->message), std::move(e->key), e->mark};
      return at_field(f.retain(c, s, r));
    }
    case Field::kObject:
    case Field::kYaml: return at_field(f.doc(c, s, n));
  }
  return must_be();
}

// A node's line in the config's file: `o.line` is where the config's text starts (0: unknown).
int line_at(DocMark m, const Origin& o) {
  if (m.line < 0 || o.line <= 0) return o.line;
  return o.line + m.line;
}

int line_of(const Doc& n, const Origin& o) { return line_at(n.Mark(), o); }

void walk_spec(const Doc& node, const std::string& prefix, const Origin& o, Config& c, Findings& out) {
  std::vector<std::string> known;
  for (const auto& f : fields())
    if (!f.spec_path.empty()) known.emplace_back(f.spec_path);
  for (const auto& kv : node.entries()) {
    const std::string& key = kv.first.Scalar();
    std::string path = prefix.empty() ? key : prefix + "." + key;
    Origin here = o;
    here.line = line_of(kv.first, o);
    const Field* field = nullptr;
    bool is_group = false;
    for (const auto& f : fields()) {
      if (f.spec_path == path) field = &f;
      else if (!f.spec_path.empty() && f.spec_path.substr(0, path.size() + 1) == path + ".") is_group = true;
    }
    if (field) {
      if (auto e = apply_doc(*field, c, c.defaults, kv.second)) {
        if (e->mark.line >= 0) here.line = line_at(e->mark, o);
        out.push_back(config_finding(here, "spec." + path + (e->sub.empty() ? "" : "." + e->sub), e->message));
      }
    } else if (is_group && kv.second.IsMap()) {
      walk_spec(kv.second, path, o, c, out);
    } else if (is_group) {
      out.push_back(config_finding(here, "spec." + path, "must be an object"));
    } else {
      auto guess = closest(path, known);
      out.push_back(config_finding(here, "spec." + path, "unknown field \"" + path + "\"",
                                   guess.empty() ? "" : "did you mean \"" + guess + "\"?"));
    }
  }
}

}  // namespace

Finding config_finding(const Origin& o, std::string field, std::string msg, std::string hint) {
  Finding f{.rule = "config",
            .message = std::move(msg),
            .resource = o.resource,
            .field = std::move(field),
            .file = o.file,
            .line = o.line,
            .hint = std::move(hint)};
  return f;
}

Retain Settings::default_retain() {
  Retain r;
  r.hourly = 24;
  r.daily = 7;
  r.weekly = 4;
  r.monthly = 6;
  return r;
}

Doc Settings::effective_security_context() const {
  Doc n = mover_security_context.IsMap() ? mover_security_context : Doc::map();
  if (mover_uid) n.set("runAsUser", Doc::scalar(std::to_string(*mover_uid)));
  if (mover_gid) n.set("runAsGroup", Doc::scalar(std::to_string(*mover_gid)));
  if (mover_fsgroup) n.set("fsGroup", Doc::scalar(std::to_string(*mover_fsgroup)));
  if (n.size() == 0) return Doc();
  return n;
}

std::string override_field_path(const ResourceRef& config, const std::string& key) {
  if (config.kind == "ConfigMap") return key.empty() ? std::string() : join_field_path("data", key);
  auto it = std::find_if(fields().begin(), fields().end(), [&](const Field& f) { return !f.cm_key.empty() && f.cm_key == key; });
  return it == fields().end() ? std::string() : "spec." + std::string(it->spec_path);
}

Finding override_finding(const Origin& config, const std::string& key, const std::string& source, std::string msg) {
  Finding f = config_finding(config, override_field_path(config.resource, key), std::move(msg));
  f.file = source;
  f.line = 0;
  return f;
}

bool parse_config(const Doc& fc, const Origin& origin, Config& out, Findings& findings,
                  const std::vector<ConfigOverride>& overrides) {
  const std::size_t before = findings.size();
  Config c;
  if (!fc.IsMap()) {
    findings.push_back(config_finding(origin, "", "functionConfig must be an object"));
    return false;
  }
  const std::string api = fc["apiVersion"].Scalar();
  const std::string kind = fc["kind"].Scalar();
  if (kind == "ConfigMap" && api == "v1") {
    c.namespaces.configmap = true;
    const Doc& data = fc["data"];
    if (data && !data.IsMap() && !data.IsNull()) {
      findings.push_back(config_finding(origin, "data", "ConfigMap data must be an object"));
      return false;
    }
    std::vector<std::string> known;
    for (const auto& f : fields())
      if (!f.cm_key.empty()) known.emplace_back(f.cm_key);
    for (const auto& kv : data.entries()) {
        const std::string& key = kv.first.Scalar();
        Origin here = origin;
        here.line = line_of(kv.first, origin);
        auto it = std::find_if(fields().begin(), fields().end(),
                               [&](const Field& f) { return !f.cm_key.empty() && f.cm_key == key; });
        if (it == fields().end()) {
          auto guess = closest(key, known);
          findings.push_back(config_finding(here, "data." + key, "unknown key \"" + key + "\"",
                                            guess.empty() ? "" : "did you mean \"" + guess + "\"?"));
          continue;
        }
        if (!kv.second.IsScalar()) {
          findings.push_back(config_finding(here, "data." + key, "ConfigMap values must be strings"));
          continue;
        }
        if (auto e = apply_text(*it, c, c.defaults, kv.second.Scalar()))
          findings.push_back(config_finding(here, "data." + key, *e));
      }
  } else if (kind == "VolSyncBackup" && api == "volsync-gen.io/v1alpha1") {
    for (const auto& kv : fc.entries()) {
      const std::string& k = kv.first.Scalar();
      if (k != "apiVersion" && k != "kind" && k != "metadata" && k != "spec") {
        Origin here = origin;
        here.line = line_of(kv.first, origin);
        findings.push_back(config_finding(here, k, "unknown top-level field \"" + k + "\""));
      }
    }
    const Doc& spec = fc["spec"];
    if (!spec.IsMap()) {
      findings.push_back(config_finding(origin, "spec", "VolSyncBackup needs a spec object"));
      return false;
    }
    walk_spec(spec, "", origin, c, findings);
  } else {
    findings.push_back(config_finding(
        origin, "kind",
        "unsupported functionConfig " + (api.empty() ? std::string("?") : api) + "/" +
            (kind.empty() ? std::string("?") : kind),
        "use apiVersion: volsync-gen.io/v1alpha1, kind: VolSyncBackup (or a v1 ConfigMap)"));
    return false;
  }
  for (const auto& o : overrides) {
    auto it = std::find_if(fields().begin(), fields().end(),
                           [&](const Field& f) { return !f.cm_key.empty() && f.cm_key == o.key; });
    Finding fd = override_finding(origin, o.key, o.source, "");
    if (it == fields().end()) fd.message = "unknown setting \"" + o.key + "\"";
    else if (auto e = o.items && it->kind == Field::kList ? it->list(c, c.defaults, *o.items)
                                                          : apply_text(*it, c, c.defaults, o.value))
      fd.message = *e;
    else continue;
    findings.push_back(fd);
  }
  if (findings.size() != before) return false;
  c.origin = origin;
  if (c.raw_repositories.IsSequence()) {
    if (!c.repository.empty())
      findings.push_back(config_finding(origin, "spec.repository", "set either repository or repositories, not both"));
    else
      parse_repositories(c.raw_repositories, origin, c, findings);
  } else {
    Repository r;
    r.primary = true;
    r.url = c.repository;  // may be empty: RESTIC_REPOSITORY_BASE in the source Secret
    r.credentials = c.credentials;
    r.origin = origin;
    c.repositories.push_back(r);
  }
  for (const auto& r : c.repositories)
    check_credentials(r.credentials, origin, kind == "ConfigMap", r.name, findings);
  if (findings.size() != before) return false;
  out = std::move(c);
  return true;
}

bool apply_setting_node(std::string_view spec_key, const Doc& value, const Origin& origin,
                        Settings& s, Findings& findings) {
  for (const auto& f : fields()) {
    if (f.spec_path != spec_key || f.annotation.empty()) continue;
    Config scratch;
    if (auto e = apply_doc(f, scratch, s, value)) {
      findings.push_back(config_finding(origin, std::string(spec_key) + (e->sub.empty() ? "" : "." + e->sub),
                                        e->message));
      return false;
    }
    return true;
  }
  findings.push_back(config_finding(origin, std::string(spec_key), "not a per-repository setting"));
  return false;
}

bool parse_credentials_node(const Doc& node, const Origin& origin, Credentials& inout,
                            Findings& findings) {
  if (!node.IsMap()) {
    findings.push_back(config_finding(origin, "credentials", "must be an object"));
    return false;
  }
  Config scratch;
  scratch.credentials = inout;
  const std::size_t before = findings.size();
  // The source Secret and the per-namespace ones are one choice: a repository that names either
  // does not inherit the other (an inherited byNamespace would override its own secretName).
  if (node["secretName"] || node["byNamespace"]) {
    scratch.credentials.secret_name.clear();
    scratch.credentials.secret_by_namespace.clear();
  }
  const Doc& eso = node["externalSecret"];
  if (eso.IsMap() && (eso["remoteKey"] || eso["byNamespace"])) {
    scratch.credentials.remote_key.clear();
    scratch.credentials.remote_key_by_namespace.clear();
  }
  walk_spec(node, "credentials", origin, scratch, findings);
  if (findings.size() != before) return false;
  inout = scratch.credentials;
  return true;
}

void check_credentials(const Credentials& c, const Origin& origin, bool configmap, const std::string& repo,
                       Findings& findings) {
  const std::string where = repo.empty() ? std::string() : " (repository " + repo + ")";
  using M = Credentials::Mode;
  // With byNamespace, a missing fallback is an error only for a namespace nothing matches (credentials_by_namespace.h).
  if (c.mode == M::kSecret && c.secret_name.empty() && c.secret_by_namespace.empty())
    findings.push_back(config_finding(origin, configmap ? "data.secretName" : "spec.credentials.secretName",
                                      "the source Secret is not named" + where,
                                      "name the Secret that holds RESTIC_PASSWORD and the backend keys"));
  if (c.mode == M::kExternalSecret &&
      (c.store_name.empty() || (c.remote_key.empty() && c.remote_key_by_namespace.empty())))
    findings.push_back(config_finding(origin, "spec.credentials.externalSecret",
                                      "externalSecret mode needs storeName and remoteKey" + where,
                                      "name the (Cluster)SecretStore and the item that holds the keys"));
}

const char* credentials_mode_name(Credentials::Mode m) {
  switch (m) {
    case Credentials::Mode::kSecret: return "secret";
    case Credentials::Mode::kExternalSecret: return "externalSecret";
    case Credentials::Mode::kExisting: return "existing";
  }
  return "secret";
}

bool apply_annotation(std::string_view key, std::string_view value, const Origin& origin,
                      Settings& s, Findings& findings) {
  for (const auto& f : fields()) {
    if (f.annotation.empty() || f.annotation != key) continue;
    Config scratch;
    if (auto e = apply_text(f, scratch, s, value)) {
      Finding fd = config_finding(origin, "metadata.annotations[" + std::string(kAnnotationPrefix) +
                                  std::string(key) + "]", *e);
      fd.rule = "annotation";
      findings.push_back(fd);
      return false;
    }
    return true;
  }
  auto keys = annotation_keys();
  auto guess = closest(key, keys);
  Finding fd = config_finding(origin, "metadata.annotations[" + std::string(kAnnotationPrefix) + std::string(key) + "]",
                              "unknown annotation " + std::string(kAnnotationPrefix) + std::string(key),
                              guess.empty() ? "" : "did you mean " + std::string(kAnnotationPrefix) + guess + "?");
  fd.rule = "annotation";
  findings.push_back(fd);
  return false;
}

std::vector<std::string> configmap_keys() {
  std::vector<std::string> keys;
  for (const auto& f : fields())
    if (!f.cm_key.empty()) keys.emplace_back(f.cm_key);
  return keys;
}

std::vector<std::string> annotation_keys() {
  std::vector<std::string> keys = {"backup", "name"};
  for (const auto& f : fields())
    if (!f.annotation.empty()) keys.emplace_back(f.annotation);
  return keys;
}

}  // namespace vg
