// Cell texts the inventory formats share (markdown, csv, json, html), so that a kopia row reads the
// same everywhere: its retention with Kopia's inherited defaults, its repository key.
#pragma once

#include <string>

#include "volsync/plan.h"

namespace vg {

// restic: the keys that are set. kopia: every key the ReplicationSource writes, those left to
// Kopia marked "(kopia default)", so nobody reads `daily=7` as "a week of backups".
std::string inventory_retain_text(const RepoPlan& rp);

// The repository, URL credentials redacted; where the user's Secret holds it (credentials mode
// existing), which key of which Secret: RESTIC_REPOSITORY or KOPIA_REPOSITORY by the mover.
std::string inventory_repository_text(const RepoPlan& rp, const std::string& ns);

}  // namespace vg
