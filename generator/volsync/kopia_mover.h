// The mover a repository of a PVC uses (restic, upstream VolSync; kopia, the perfectra1n fork's
// Kopia mover), and the values only kopia has: compression names, retention with Kopia's inherited
// defaults. Facts: shared/research/kopia.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "volsync/retain.h"

namespace vg {

inline constexpr std::string_view kMoverRestic = "restic";
inline constexpr std::string_view kMoverKopia = "kopia";

// What is wrong with a mover name (with "did you mean"), or nullopt.
std::optional<std::string> mover_error(std::string_view v);

// Kopia's compression names (the fork's CRD lists them; an unknown one fails every backup Job
// with "Failed to set compression policy").
const std::vector<std::string>& kopia_compressions();
std::optional<std::string> kopia_compression_error(std::string_view v);

// Kopia's global retention defaults (kopia snapshot/policy/retention_policy.go): a key the policy
// does not set inherits them, so `daily: 7` alone still keeps 24 monthlies.
Retain kopia_default_retain();
// `r` with every key Kopia has set: the unset ones get Kopia's defaults, written out so the
// ReplicationSource shows the whole policy. Kopia's keys only (latest, not last).
Retain kopia_effective_retain(const Retain& r);
// The retain keys the mover has no use for: "within" and "last" for kopia, "latest" for restic.
// An error message naming the key and the mover's equivalent, or nullopt.
std::optional<std::string> retain_mover_error(const Retain& r, std::string_view mover);

}  // namespace vg
