// The repository Secret of the kopia mover: the source Secret's KOPIA_PASSWORD and backend
// credentials, plus the location volsync-gen writes (kopia_repository.h). Values are handled here
// and never put into any message.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "krm/finding.h"
#include "krm/object.h"
#include "volsync/credentials.h"
#include "volsync/kopia_repository.h"
#include "volsync/settings.h"

namespace vg {

// The source Secret `it` (its decoded `values`) of `repo` as the kopia mover will read it:
// KOPIA_PASSWORD, the backend's credential keys (errors naming the key; warnings for url
// repositories), keys that would select another backend first, keys the mover ignores (warnings,
// except those restic uses when `restic_too`). For a url repository `base` becomes its location:
// `config_url`, else the Secret's KOPIA_REPOSITORY.
void check_kopia_source(const InputObject& it, const std::map<std::string, std::string>& values,
                        const Repository& repo, const std::string& config_url, bool restic_too, std::string& base,
                        Findings& findings);

// The location of config.repositories[i] when the config alone fixes it (a block, or a url
// repository with spec.repository): a "repository" error at the config when kopia cannot use it.
void check_kopia_repository_config(const Config& config, std::size_t i, Findings& findings);

// `data` of a kopia repository Secret: the source's keys (base64), the location keys and KOPIA_REPOSITORY.
Doc kopia_secret_data(const SourceCredentials* creds, const KopiaLocation& location);

// The data of a kopia ExternalSecret's template: the location written literally, the rest
// (KOPIA_PASSWORD, the backend's credential keys, mapped properties) read from the store item.
Doc kopia_external_secret_data(const Repository& repo, const KopiaLocation& location);
// Mode externalSecret with properties: KOPIA_PASSWORD and the backend's keys must be mapped.
void check_kopia_external_secret_properties(const Config& config, std::size_t i, Findings& findings);

// Every Secret of one kopia repository must carry the same KOPIA_PASSWORD (kopia.md section 5):
// source Secrets loaded for the kopia repositories (`kopia[i]` says whether repository i is one)
// that locate the same repository with different passwords are an error naming both Secrets.
using LoadedSources = std::map<std::pair<std::size_t, std::string>, std::optional<SourceCredentials>>;
void check_kopia_passwords(const Config& config, const LoadedSources& loaded, const std::vector<bool>& kopia,
                           const std::vector<InputObject>& objects, Findings& findings);

}  // namespace vg
