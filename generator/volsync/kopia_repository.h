// Where a kopia repository is, in the keys the fork's mover reads (kopia.md section 4): it picks
// the backend by keys, first match wins (KOPIA_S3_BUCKET or an s3:// KOPIA_REPOSITORY, then
// KOPIA_AZURE_CONTAINER, KOPIA_GCS_BUCKET, a filesystem:// KOPIA_REPOSITORY, KOPIA_B2_BUCKET, ...)
// and never parses b2://, azure:// or gcs:// URLs. Unlike restic's, one kopia repository is shared
// by every PVC that uses it: snapshots are kept apart by identity (<ReplicationSource>@<namespace>),
// so the location carries no per-PVC path.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "volsync/credentials.h"
#include "volsync/settings.h"

namespace vg {

struct KopiaLocation {
  std::string repository;  // KOPIA_REPOSITORY
  // The other keys that locate it (KOPIA_B2_BUCKET, KOPIA_S3_ENDPOINT, ...): not secrets, written
  // by volsync-gen from the repository block. Key order.
  std::vector<std::pair<std::string, std::string>> keys;
};

// The location of `repo` for the kopia mover: from its block, or for a url repository from
// `url_base` (spec.repository, or the source Secret's KOPIA_REPOSITORY). An error message when the
// mover cannot use it (a b2:// URL, a restic-style s3: URL, a prefix the backend has no key for).
struct KopiaLocationResult {
  std::optional<KopiaLocation> location;
  std::string error;
};
KopiaLocationResult kopia_location(const Repository& repo, std::string_view url_base);

// The credential keys the backend needs from the source Secret besides KOPIA_PASSWORD (strict false
// for url repositories, as for restic: a missing key is then a warning).
BackendKeys kopia_backend_keys(const Repository& repo, std::string_view url_base);

// Keys the fork passes to the backup and restore Jobs (kopia.md section 4); any other key is ignored.
bool kopia_uses_key(std::string_view key);
// Keys that select a backend: in a source Secret of a repository with a block they would win over
// (or tie with) the block's own location.
bool kopia_backend_selecting_key(std::string_view key);
// restic's name for a key whose kopia name differs ("B2_ACCOUNT_KEY" -> "B2_APPLICATION_KEY"), or "".
std::string kopia_name_of_restic_key(std::string_view key);

}  // namespace vg
