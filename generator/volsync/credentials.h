// The source Secret: found in the input, checked, and copied into one Secret per PVC with that
// PVC's own RESTIC_REPOSITORY. Values are handled here and never put into any message.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "krm/finding.h"
#include "krm/object.h"
#include "volsync/settings.h"

namespace vg {

// The Secret key that carries the base repository when the config does not.
inline constexpr const char* kRepositoryBaseKey = "RESTIC_REPOSITORY_BASE";

struct SourceCredentials {
  std::size_t item_index = 0;  // position of the source Secret in the items
  std::vector<std::pair<std::string, std::string>> values;  // decoded, sorted by key
  std::string repository_base;  // config spec.repository or RESTIC_REPOSITORY_BASE
};

// Keys VolSync passes to the restic mover (RCLONE_* too); anything else it silently ignores.
bool volsync_uses_key(std::string_view key);

// Secret keys a repository's backend needs besides RESTIC_PASSWORD. `all_of` must all be present;
// of each `one_of` group at least one; `strict` false means a missing key is a warning (URL
// repositories, where IAM roles or profiles may stand in).
struct BackendKeys {
  std::vector<std::string> all_of;
  std::vector<std::vector<std::string>> one_of;
  bool strict = true;
};
BackendKeys backend_keys(const Repository& repo, std::string_view url);

// The keys an ExternalSecret's template reads from the store item, in order: RESTIC_PASSWORD and
// the backend's keys (the first of a one-of group), then other mapped ones. With properties, only
// mapped keys: ESO fails on a template key the item does not provide, so an unmapped AZURE_ACCOUNT_KEY
// beside a mapped AZURE_ACCOUNT_SAS would break the sync.
std::vector<std::string> external_secret_keys(const Repository& repo, std::string_view url);

// Mode externalSecret with properties: RESTIC_PASSWORD, every all-of key and one key of each one-of
// group must be mapped (secret-backend-keys at the properties, a warning where backend_keys is not
// strict). config.repositories[i] is checked.
void check_external_secret_properties(const Config& config, std::size_t i, Findings& findings);

// Why a source Secret is needed, for the error when it is missing: the config field that names it,
// and, for a per-namespace Secret (credentials.byNamespace), the namespace and one of its PVCs.
struct SourceNeed {
  std::string field;  // empty: spec.credentials.secretName (data.secretName in a ConfigMap)
  int line = 0;       // of `field` (0: the config's line)
  std::string namespace_, pvc;
};

// Which movers the selected PVCs use a repository with (kopia_plan.h movers_used): the source
// Secret is checked for each (RESTIC_PASSWORD for restic, KOPIA_PASSWORD for kopia, ...).
struct MoverUse {
  bool restic = true, kopia = false;
};

// Loads and checks repo.credentials' source Secret (mode secret).
// The Secret's tree stays parsed in `items` (the function marks it local-config).
bool load_source_credentials(std::vector<InputObject>& items, const Repository& repo,
                             const Config& config, SourceCredentials& out, Findings& findings,
                             const SourceNeed& need = {}, const MoverUse& use = {});

// `data` of a per-PVC Secret: every source key (base64) plus this PVC's RESTIC_REPOSITORY.
Doc secret_data(const SourceCredentials& creds, const std::string& repository);

}  // namespace vg
