#include "volsync/kopia_repository.h"

#include <re2/re2.h>

#include <algorithm>

namespace vg {
namespace {

using B = Repository::Backend;

constexpr std::string_view kKopiaKeys[] = {
    "KOPIA_REPOSITORY", "KOPIA_PASSWORD", "KOPIA_MANUAL_CONFIG",
    // S3
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION",
    "AWS_PROFILE", "AWS_S3_ENDPOINT", "KOPIA_S3_BUCKET", "KOPIA_S3_ENDPOINT", "KOPIA_S3_DISABLE_TLS",
    "AWS_S3_DISABLE_TLS",
    // Azure
    "AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY", "AZURE_ACCOUNT_SAS", "AZURE_ENDPOINT_SUFFIX", "AZURE_STORAGE_ACCOUNT",
    "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN", "KOPIA_AZURE_CONTAINER", "KOPIA_AZURE_STORAGE_ACCOUNT",
    "KOPIA_AZURE_STORAGE_KEY",
    // Google
    "GOOGLE_PROJECT_ID", "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_DRIVE_FOLDER_ID", "GOOGLE_DRIVE_CREDENTIALS",
    "KOPIA_GCS_BUCKET", "GCS_BUCKET",
    // B2, WebDAV, SFTP, rclone
    "B2_ACCOUNT_ID", "B2_APPLICATION_KEY", "KOPIA_B2_BUCKET", "WEBDAV_URL", "WEBDAV_USERNAME", "WEBDAV_PASSWORD",
    "SFTP_HOST", "SFTP_PORT", "SFTP_USERNAME", "SFTP_PASSWORD", "SFTP_PATH", "SFTP_KEY_FILE", "SFTP_KNOWN_HOSTS",
    "SFTP_KNOWN_HOSTS_DATA", "RCLONE_REMOTE_PATH", "RCLONE_EXE", "RCLONE_CONFIG",
};

constexpr std::string_view kSelectingKeys[] = {
    "KOPIA_S3_BUCKET", "KOPIA_AZURE_CONTAINER", "KOPIA_GCS_BUCKET", "KOPIA_B2_BUCKET",
    "WEBDAV_URL",      "SFTP_HOST",             "RCLONE_REMOTE_PATH", "GOOGLE_DRIVE_FOLDER_ID",
};

// The mover's own checks (entry.sh): an S3 bucket from the URL, a prefix of these characters.
bool s3_bucket_ok(std::string_view b) {
  static const RE2 re("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  return RE2::FullMatch(b, re);
}
bool path_ok(std::string_view p) {
  static const RE2 re("[a-zA-Z0-9._/-]+");
  return RE2::FullMatch(p, re) && p.find("..") == std::string_view::npos;
}

std::string trim_slashes(std::string v) {
  while (!v.empty() && v.back() == '/') v.pop_back();
  while (!v.empty() && v.front() == '/') v.erase(0, 1);
  return v;
}

KopiaLocationResult fail(std::string e) { return {std::nullopt, std::move(e)}; }

KopiaLocationResult s3_location(const Repository& r) {
  if (!s3_bucket_ok(r.bucket))
    return fail("bucket \"" + r.bucket + "\" is not an S3 bucket name the kopia mover accepts ([a-z0-9.-], 3-63)");
  const std::string prefix = trim_slashes(r.prefix);
  if (!prefix.empty() && !path_ok(prefix))
    return fail("prefix \"" + r.prefix + "\" has characters the kopia mover refuses (letters, digits, . _ / - only, no ..)");
  KopiaLocation l;
  // The prefix is the URL's path; the mover appends the '/' that makes it a directory.
  l.repository = "s3://" + r.bucket + "/" + (prefix.empty() ? "" : prefix + "/");
  std::string endpoint = r.endpoint;
  const bool plain = endpoint.rfind("http://", 0) == 0;
  for (std::string_view scheme : {"http://", "https://"})
    if (endpoint.rfind(scheme, 0) == 0) endpoint.erase(0, scheme.size());
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (endpoint.find('/') != std::string::npos)
    return fail("endpoint \"" + r.endpoint + "\" has a path; the kopia mover takes a host[:port]");
  // The mover strips the scheme and uses TLS unless told not to: an http:// endpoint needs the flag.
  if (!endpoint.empty()) l.keys.emplace_back("KOPIA_S3_ENDPOINT", endpoint);
  if (plain) l.keys.emplace_back("KOPIA_S3_DISABLE_TLS", "true");
  if (!r.region.empty()) l.keys.emplace_back("AWS_REGION", r.region);
  return {std::move(l), {}};
}

// b2, azure and gcs: the mover has a bucket (container) key and no prefix.
KopiaLocationResult bucket_location(const Repository& r, const char* scheme, const char* key) {
  if (!r.prefix.empty())
    return fail(std::string("the kopia mover has no prefix for ") + backend_name(r.backend) +
                " repositories (it reads " + key + " and never parses a URL's path); remove prefix, or use "
                "another bucket");
  KopiaLocation l;
  // Required by the controller, not read by the mover for this backend: it says where, for people.
  l.repository = std::string(scheme) + r.bucket;
  l.keys.emplace_back(key, r.bucket);
  return {std::move(l), {}};
}

KopiaLocationResult local_location(const Repository& r) {
  const std::string prefix = trim_slashes(r.prefix);
  if (!prefix.empty() && !r.pvc.empty())
    return fail("a pvc repository has no prefix for the kopia mover: it sets KOPIA_REPOSITORY to "
                "filesystem:///mnt/" + r.mount_path + " itself");
  if (!prefix.empty() && !path_ok(prefix))
    return fail("prefix \"" + r.prefix + "\" has characters the kopia mover refuses (letters, digits, . _ / - only, no ..)");
  KopiaLocation l;
  l.repository = "filesystem:///mnt/" + r.mount_path + (prefix.empty() ? "" : "/" + prefix);
  return {std::move(l), {}};
}

KopiaLocationResult url_location(std::string_view url) {
  const std::string u(url);
  if (u.empty())
    return fail("no repository: set spec.repository (s3://bucket/prefix or filesystem:///path), a repository "
                "block, or KOPIA_REPOSITORY in the source Secret");
  if (u.rfind("filesystem://", 0) == 0) {
    static const RE2 re("filesystem://(/.*)");
    std::string path;
    if (!RE2::FullMatch(u, re, &path)) return fail("\"" + u + "\" is not filesystem:///<absolute path>");
    if (path.find("../") != std::string::npos) return fail("\"" + u + "\" contains ..");
    return {KopiaLocation{u, {}}, {}};
  }
  if (u.rfind("s3://", 0) == 0) {
    const std::string rest = u.substr(5);
    const std::string bucket = rest.substr(0, rest.find('/'));
    if (!s3_bucket_ok(bucket)) return fail("\"" + bucket + "\" in " + u + " is not an S3 bucket name the kopia mover accepts");
    const std::string prefix = rest.size() > bucket.size() ? trim_slashes(rest.substr(bucket.size())) : "";
    if (!prefix.empty() && !path_ok(prefix)) return fail("the prefix of " + u + " has characters the kopia mover refuses");
    return {KopiaLocation{u, {}}, {}};
  }
  for (const auto& [scheme, block] : {std::pair<const char*, const char*>{"b2://", "b2"},
                                      {"azure://", "azure"}, {"gcs://", "gcs"}, {"gs://", "gcs"},
                                      {"sftp://", ""}, {"webdav://", ""}, {"rclone://", ""}})
    if (u.rfind(scheme, 0) == 0)
      return fail(std::string("the kopia mover never parses ") + scheme + " URLs (it picks the backend by keys)" +
                  (*block ? std::string("; use spec.repositories[].") + block : std::string()));
  if (u.rfind("s3:", 0) == 0)
    return fail("\"" + u + "\" is restic's form; the kopia mover wants s3://<bucket>[/prefix] (the endpoint as "
                "KOPIA_S3_ENDPOINT, or an s3 repository block)");
  return fail("\"" + u + "\" is not a kopia repository the mover recognises (s3://bucket/prefix or filesystem:///path)");
}

}  // namespace

KopiaLocationResult kopia_location(const Repository& repo, std::string_view url_base) {
  switch (repo.backend) {
    case B::kS3: return s3_location(repo);
    case B::kB2: return bucket_location(repo, "b2://", "KOPIA_B2_BUCKET");
    case B::kAzure: return bucket_location(repo, "azure://", "KOPIA_AZURE_CONTAINER");
    case B::kGcs: return bucket_location(repo, "gcs://", "KOPIA_GCS_BUCKET");
    case B::kLocal: return local_location(repo);
    case B::kRest: return fail("the kopia mover has no REST backend (rest repositories are restic's)");
    case B::kUrl: return url_location(url_base);
  }
  return fail("unknown backend");
}

BackendKeys kopia_backend_keys(const Repository& repo, std::string_view url_base) {
  B b = repo.backend;
  const bool strict = b != B::kUrl;
  if (b == B::kUrl) b = url_base.rfind("s3://", 0) == 0 ? B::kS3 : B::kLocal;
  switch (b) {
    case B::kS3: return {{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}, {}, strict};
    case B::kB2: return {{"B2_ACCOUNT_ID", "B2_APPLICATION_KEY"}, {}, strict};
    case B::kAzure: return {{"KOPIA_AZURE_STORAGE_ACCOUNT", "KOPIA_AZURE_STORAGE_KEY"}, {}, strict};
    case B::kGcs: return {{"GOOGLE_APPLICATION_CREDENTIALS"}, {}, strict};
    default: return {{}, {}, strict};
  }
}

bool kopia_uses_key(std::string_view key) {
  return std::find(std::begin(kKopiaKeys), std::end(kKopiaKeys), key) != std::end(kKopiaKeys);
}

bool kopia_backend_selecting_key(std::string_view key) {
  return std::find(std::begin(kSelectingKeys), std::end(kSelectingKeys), key) != std::end(kSelectingKeys);
}

std::string kopia_name_of_restic_key(std::string_view key) {
  static const std::pair<std::string_view, std::string_view> names[] = {
      {"RESTIC_PASSWORD", "KOPIA_PASSWORD"},
      {"B2_ACCOUNT_KEY", "B2_APPLICATION_KEY"},
      {"AZURE_ACCOUNT_NAME", "KOPIA_AZURE_STORAGE_ACCOUNT"},
      {"AZURE_ACCOUNT_KEY", "KOPIA_AZURE_STORAGE_KEY"},
  };
  for (const auto& [restic, kopia] : names)
    if (key == restic) return std::string(kopia);
  return {};
}

}  // namespace vg
