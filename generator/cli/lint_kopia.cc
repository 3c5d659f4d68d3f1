#include "cli/lint_kopia.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace vg {
namespace {

bool templated(std::string_view s) { return s.find("${") != std::string_view::npos; }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The keys the backup/restore Jobs get from the repository Secret (M:648-801), besides
// KOPIA_REPOSITORY and KOPIA_PASSWORD. KopiaMaintenance Jobs load the whole Secret (envFrom).
const std::set<std::string, std::less<>> kPassedKeys = {
    "KOPIA_REPOSITORY", "KOPIA_PASSWORD", "KOPIA_MANUAL_CONFIG",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION",
    "AWS_PROFILE", "AWS_S3_ENDPOINT", "KOPIA_S3_BUCKET", "KOPIA_S3_ENDPOINT", "KOPIA_S3_DISABLE_TLS",
    "AWS_S3_DISABLE_TLS", "AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY", "AZURE_ACCOUNT_SAS", "AZURE_ENDPOINT_SUFFIX",
    "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN", "KOPIA_AZURE_CONTAINER",
    "KOPIA_AZURE_STORAGE_ACCOUNT", "KOPIA_AZURE_STORAGE_KEY", "GOOGLE_PROJECT_ID", "GOOGLE_APPLICATION_CREDENTIALS",
    "GOOGLE_DRIVE_FOLDER_ID", "GOOGLE_DRIVE_CREDENTIALS", "KOPIA_GCS_BUCKET", "GCS_BUCKET", "B2_ACCOUNT_ID",
    "B2_APPLICATION_KEY", "KOPIA_B2_BUCKET", "WEBDAV_URL", "WEBDAV_USERNAME", "WEBDAV_PASSWORD", "SFTP_HOST",
    "SFTP_PORT", "SFTP_USERNAME", "SFTP_PASSWORD", "SFTP_PATH", "SFTP_KEY_FILE", "SFTP_KNOWN_HOSTS",
    "SFTP_KNOWN_HOSTS_DATA", "RCLONE_REMOTE_PATH", "RCLONE_EXE", "RCLONE_CONFIG",
};

const std::map<std::string, std::string, std::less<>> kIgnoredAdvice = {
    {"KOPIA_S3_REGION", "; the mover reads AWS_REGION (then AWS_DEFAULT_REGION)"},
    {"KOPIA_FS_PATH", "; only pre-release builds of August 2025 read it: KOPIA_REPOSITORY filesystem:///<path> counts"},
    {"KOPIA_LOG_LEVEL", "; only KopiaMaintenance Jobs load the whole Secret"},
    {"RESTIC_REPOSITORY", "; the kopia mover reads KOPIA_REPOSITORY"},
    {"RESTIC_PASSWORD", "; the kopia mover reads KOPIA_PASSWORD"},
};

// The backends in the mover's order (E:1398-1921): the first whose key is set, or whose
// KOPIA_REPOSITORY prefix matches, wins. `needs`: keys it cannot connect without.
struct Backend {
  std::string_view name;
  std::string_view key;     // a Secret key that selects it, or ""
  std::string_view prefix;  // a KOPIA_REPOSITORY prefix that selects it, or ""
  std::vector<std::string_view> needs;
};
const Backend kBackends[] = {
    {"S3", "KOPIA_S3_BUCKET", "s3://", {}},
    {"Azure", "KOPIA_AZURE_CONTAINER", "", {"KOPIA_AZURE_STORAGE_ACCOUNT"}},
    {"GCS", "KOPIA_GCS_BUCKET", "", {"GOOGLE_APPLICATION_CREDENTIALS"}},
    {"filesystem", "", "filesystem://", {}},
    {"B2", "KOPIA_B2_BUCKET", "", {"B2_ACCOUNT_ID", "B2_APPLICATION_KEY"}},
    {"WebDAV", "WEBDAV_URL", "", {}},
    {"SFTP", "SFTP_HOST", "", {"SFTP_USERNAME", "SFTP_PATH"}},
    {"rclone", "RCLONE_REMOTE_PATH", "", {}},
    {"Google Drive", "GOOGLE_DRIVE_FOLDER_ID", "", {"GOOGLE_DRIVE_CREDENTIALS"}},
};

// URL schemes D/backends.rst shows, which the mover never parses: the key is what selects the backend.
const std::pair<std::string_view, std::string_view> kUnparsedSchemes[] = {
    {"azure://", "KOPIA_AZURE_CONTAINER"}, {"gcs://", "KOPIA_GCS_BUCKET"}, {"b2://", "KOPIA_B2_BUCKET"},
    {"sftp://", "SFTP_HOST"},              {"webdav://", "WEBDAV_URL"},    {"rclone://", "RCLONE_REMOTE_PATH"},
    {"gdrive://", "GOOGLE_DRIVE_FOLDER_ID"},
};

class KopiaCross {
 public:
  KopiaCross(const std::vector<LintFacts>& objects, const LintReport& report) : objects_(objects), report_(report) {
    for (const LintFacts& o : objects_) {
      // An ExternalSecret's template keys are the keys of the Secret it makes (not all of them with
      // dataFrom and mergePolicy Merge: the rules that need every key read v1 Secrets only).
      if (lint_is_secret(o.ref) || (o.ref.kind == "ExternalSecret" && lint_is_other_credentials(o.ref)))
        secrets_[o.credentials_name].push_back(&o);
      if (kopia_of(o.kopia).uses_kopia && o.ref.kind == "ReplicationSource") sources_[o.ref.name].push_back(&o);
    }
  }

  void run() {
    for (const LintFacts& o : objects_) {
      if (!kopia_of(o.kopia).uses_kopia) continue;
      if (o.ref.kind == "ReplicationDestination") identity(o);
      const LintFacts* s = find(secrets_, o, kopia_of(o.kopia).repository);
      if (!s) continue;
      nfs_path(o, *s);
      nfs_repository(o, *s);
      if (!checked_.insert(s).second) continue;
      secret_keys(*s);
    }
    for (const LintFacts* s : mover_secrets_) ignored_keys(*s);
    passwords();
  }

 private:
  using Index = std::unordered_map<std::string, std::vector<const LintFacts*>>;
  // Compared as the other cross-object rules are: within a unit, where an object without
  // metadata.namespace gets the unit's; across units only where both namespaces are known and equal.
  static const LintFacts* find(const Index& index, const LintFacts& from, const std::string& name) {
    auto it = index.find(name);
    if (name.empty() || it == index.end()) return nullptr;
    for (const LintFacts* x : it->second)
      if (lint_may_share_namespace(from, *x)) return x;
    return nullptr;
  }
  static bool same_namespace(const LintFacts& a, const LintFacts& b) { return lint_may_share_namespace(a, b); }
  static std::string ns_of(const LintFacts& o) { return o.ref.namespace_.empty() ? "<namespace>" : o.ref.namespace_; }

  // kopia.md section 5: a destination restores <username>@<hostname>; by default its own name, so a
  // destination named <app>-dst finds nothing of source <app>, and succeeds with an empty volume.
  void identity(const LintFacts& rd) {
    const KopiaFacts& k = kopia_of(rd.kopia);
    if (!k.username.empty() || !k.hostname.empty()) return;  // explicit, or kopia-identity-incomplete
    const int line = rd.name_line ? rd.name_line : rd.line;
    if (!k.source_name.empty()) {
      const LintFacts* rs = find(sources_, rd, k.source_name);
      const bool explicit_identity =
          rs && (!kopia_of(rs->kopia).username.empty() || !kopia_of(rs->kopia).hostname.empty());
      if (explicit_identity && !templated(k.source_name))
        report_(rd, "kopia-identity-mismatch", line, "spec.kopia.sourceIdentity",
                "ReplicationSource " + k.source_name + " sets its own username/hostname, which sourceIdentity does not "
                "follow: set the same spec.kopia.username and hostname here, or the restore finds nothing");
      return;
    }
    if (rd.ref.name.empty() || templated(rd.ref.name) || find(sources_, rd, rd.ref.name)) return;
    std::string names;
    int n = 0;
    for (const auto& [name, list] : sources_)
      for (const LintFacts* rs : list)
        if (same_namespace(*rs, rd) && kopia_of(rs->kopia).repository == k.repository) {
          names += (names.empty() ? "" : ", ") + name;
          ++n;
        }
    if (n == 0) return;  // its source is linted elsewhere, or has the same name there
    const std::string writers =
        n == 1 ? "ReplicationSource " + names + " writes to the same repository under its own name"
               : "ReplicationSources " + names + " write to the same repository under their own names";
    report_(rd, "kopia-identity-mismatch", line, "spec.kopia.sourceIdentity.sourceName",
            "restores the snapshots of " + rd.ref.name + "@" + ns_of(rd) + ", but no kopia ReplicationSource of that "
            "name is in the inputs; " + writers + ": set sourceIdentity.sourceName to the source's name, or the "
            "restore finds nothing and still succeeds" +
                (k.enable_file_deletion ? " (after enableFileDeletion emptied the volume)" : ""));
  }

  // M:407-412 via U:84-95: the controller's own messages.
  void secret_keys(const LintFacts& s) {
    const bool repo = s.keys.count("KOPIA_REPOSITORY"), pass = s.keys.count("KOPIA_PASSWORD");
    if (!s.keys_known) return;
    if (s.keys.size() < 2 && !(repo && pass))
      report_(s, "kopia-secret-missing-key", s.data_field_line, s.data_field,
              std::string("kopia repository Secret lacks ") +
                  (repo ? "KOPIA_PASSWORD" : pass ? "KOPIA_REPOSITORY" : "KOPIA_REPOSITORY and KOPIA_PASSWORD") +
                  ": VolSync fails with \"secret should have fields: [KOPIA_REPOSITORY KOPIA_PASSWORD]\"");
    else
      for (const char* k : {"KOPIA_REPOSITORY", "KOPIA_PASSWORD"})
        if (!s.keys.count(k))
          report_(s, "kopia-secret-missing-key", s.data_field_line, s.data_field,
                  std::string("kopia repository Secret lacks ") + k + ": VolSync fails with \"secret is missing "
                  "field: " + k + "\"");
    backend(s);
  }

  // The backend the mover picks, first match wins; then the keys it needs. Only with a literal value.
  void backend(const LintFacts& s) {
    const KopiaFacts& k = kopia_of(s.kopia);
    if (!k.has_repository_value || templated(k.repository_value)) return;
    const std::string& v = k.repository_value;
    const int line = key_line(s, "KOPIA_REPOSITORY");
    const std::string field = lint_join_key(s.data_field, "KOPIA_REPOSITORY");
    const Backend* chosen = nullptr;
    for (const Backend& b : kBackends)
      if ((!b.key.empty() && s.keys.count(std::string(b.key))) || (!b.prefix.empty() && starts_with(v, b.prefix))) {
        chosen = &b;
        break;
      }
    if (!chosen) {
      std::string why = "KOPIA_REPOSITORY selects no backend";
      for (const auto& [scheme, key] : kUnparsedSchemes)
        if (starts_with(v, scheme))
          why = "the mover never parses " + std::string(scheme) + " URLs, it picks the backend by keys: " +
                std::string(key) + " is missing";
      if (starts_with(v, "s3:")) why = "restic's s3:<endpoint>/<bucket> form is not kopia's s3://<bucket>/<prefix>";
      report_(s, "kopia-secret-backend", line, field,
              why + ", and no backend key is set: the mover fails with \"ERROR: No repository configuration found\"");
      return;
    }
    for (std::string_view need : chosen->needs)
      if (!s.keys.count(std::string(need)))
        report_(s, "kopia-secret-backend", key_line(s, std::string(chosen->key)), s.data_field,
                "the " + std::string(chosen->name) + " backend (selected by " + std::string(chosen->key) +
                    ") needs " + std::string(need) + ", which the Secret lacks");
    if (chosen->prefix == "filesystem://") filesystem(s, v, line, field);
    // E: the endpoint's scheme is stripped; only the DISABLE_TLS keys turn TLS off.
    if (chosen->name == "S3" && starts_with(k.s3_endpoint, "http://") && !k.s3_tls_disabled)
      report_(s, "kopia-secret-backend", k.s3_endpoint_line, k.s3_endpoint_field,
              "the S3 endpoint is http://, but the mover strips the scheme and connects with TLS unless "
              "KOPIA_S3_DISABLE_TLS (or AWS_S3_DISABLE_TLS) is \"true\"");
  }

  void filesystem(const LintFacts& s, const std::string& v, int line, const std::string& field) {
    const std::string path = v.substr(std::string_view("filesystem://").size());
    if (path.empty() || path[0] != '/')
      report_(s, "kopia-secret-backend", line, field,
              "KOPIA_REPOSITORY is not filesystem:///<absolute path>: the mover fails with \"ERROR: Invalid filesystem "
              "URL format. Expected filesystem:///path\"");
    else if (path.find("..") != std::string::npos)
      report_(s, "kopia-secret-backend", line, field,
              "KOPIA_REPOSITORY's path contains ..: the mover fails with \"ERROR: Invalid filesystem path. Path must "
              "be absolute and cannot contain ..\"");
  }

  // kopia.md section 7: an NFS moverVolume is only mounted at /mnt/<mountPath>; the Secret must point there.
  // (A PVC entry sets KOPIA_REPOSITORY itself; KopiaMaintenance reads it the same way.)
  void nfs_path(const LintFacts& o, const LintFacts& s) {
    if (o.ref.kind != "KopiaMaintenance") mover_secrets_.insert(&s);
    const KopiaFacts& k = kopia_of(o.kopia);
    const KopiaFacts& secret = kopia_of(s.kopia);
    if (k.nfs_mount_paths.empty() || k.pvc_volume || !secret.has_repository_value) return;
    const std::string& v = secret.repository_value;
    // Another backend (the mount is extra), or an invalid path (kopia-secret-backend says so).
    if (templated(v) || !starts_with(v, "filesystem:///") || v.find("..") != std::string::npos) return;
    std::string wanted;
    for (const std::string& m : k.nfs_mount_paths) {
      const std::string mnt = "filesystem:///mnt/" + m;
      if (templated(m) || v == mnt || starts_with(v, mnt + "/")) return;
      wanted += (wanted.empty() ? "" : " or ") + mnt;
    }
    const char* field = o.ref.kind == "KopiaMaintenance" ? "spec.moverVolumes" : "spec.kopia.moverVolumes";
    report_(o, "kopia-nfs-repository", k.mover_volumes_line, field,
            "the NFS moverVolume is mounted at " + wanted.substr(std::string_view("filesystem://").size()) +
                ", but Secret " + s.ref.name + "'s KOPIA_REPOSITORY points elsewhere: set it to " + wanted +
                ", or the repository is not on the NFS share");
  }

  // Keys the backup/restore Jobs never see (only a KopiaMaintenance's envFrom loads them all).
  void ignored_keys(const LintFacts& s) {
    const bool external = s.ref.kind == "ExternalSecret";
    if (!s.keys_known && !external) return;
    for (const auto& [key, line] : s.keys) {
      if (kPassedKeys.count(key)) continue;
      auto advice = kIgnoredAdvice.find(key);
      report_(s, "kopia-secret-key-ignored", line ? line : s.line,
              lint_join_key(external ? "spec.target.template.data" : s.data_field, key),
              "key " + key + " is not passed to the kopia mover's backup and restore Jobs" +
                  (advice == kIgnoredAdvice.end() ? std::string() : advice->second));
    }
  }

  // Where a filesystem repository on an NFS moverVolume really is: the share's server:path plus the
  // path below /mnt/<mountPath>. The same KOPIA_REPOSITORY string on two shares is two repositories.
  void nfs_repository(const LintFacts& o, const LintFacts& s) {
    const KopiaFacts& k = kopia_of(o.kopia);
    const KopiaFacts& secret = kopia_of(s.kopia);
    const std::string& v = secret.repository_value;
    if (!secret.has_repository_value || !secret.has_password || templated(v)) return;
    for (std::size_t i = 0; i < k.nfs_mount_paths.size(); ++i) {
      const std::string mnt = "filesystem:///mnt/" + k.nfs_mount_paths[i];
      if (v == mnt || starts_with(v, mnt + "/")) {
        auto& list = by_location_[k.nfs_locations[i] + v.substr(mnt.size())];
        if (std::find(list.begin(), list.end(), &s) == list.end()) list.push_back(&s);
        return;
      }
    }
  }

  // kopia.md section 5: many PVCs may share one repository, but every Secret of it needs the same
  // KOPIA_PASSWORD (a wrong one fails to connect, and the mover then tries to create the repository).
  // Compared by fingerprint, reported once per differing Secret, the value never shown.
  void passwords() {
    for (const auto& [location, list] : by_location_) {
      const LintFacts* first = list.front();
      for (const LintFacts* s : list) {
        const KopiaFacts& secret = kopia_of(s->kopia);
        if (secret.password_fingerprint == kopia_of(first->kopia).password_fingerprint) continue;
        report_(*s, "kopia-password-mismatch", secret.password_line, secret.password_field,
                "Secret " + s->ref.namespace_ + "/" + s->ref.name + " has another KOPIA_PASSWORD (values not shown) "
                "than Secret " + first->ref.namespace_ + "/" + first->ref.name + " for the same repository (NFS " +
                    location + "): one of them cannot open it");
      }
    }
  }

  static int key_line(const LintFacts& s, const std::string& key) {
    auto it = s.keys.find(key);
    return it == s.keys.end() || it->second == 0 ? s.data_field_line : it->second;
  }

  const std::vector<LintFacts>& objects_;
  const LintReport& report_;
  Index secrets_, sources_;
  std::set<const LintFacts*> checked_, mover_secrets_;
  std::map<std::string, std::vector<const LintFacts*>> by_location_;  // NFS repository -> its Secrets
};

}  // namespace

void kopia_cross_rules(const std::vector<LintFacts>& objects, const LintReport& report) {
  KopiaCross(objects, report).run();
}

}  // namespace vg
