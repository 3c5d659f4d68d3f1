// Planning with a mover: which mover each repository of a PVC uses (config spec.mover <
// spec.repositories[].mover < annotation volsync-gen.io/mover < volsync-gen.io/mover.<repository>),
// and what a kopia repository plan holds instead of restic's per-PVC path.
#pragma once
#include <string>
#include <vector>

#include "krm/finding.h"
#include "volsync/credentials.h"
#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

// The mover of config.repositories[repo] for `pvc`, read the way plan_pvc reads it (an invalid
// value falls back to the level below; plan_pvc reports it).
std::string mover_of(const PvcFacts& pvc, const Config& config, std::size_t repo);

// Per repository, which movers the selected PVCs use it with: what its source Secret must hold.
std::vector<MoverUse> movers_used(const std::vector<PvcFacts*>& selected, const Config& config);

// The mover-specific part of a repository plan, after its settings are final: the retain keys the
// mover has (error otherwise), and for kopia the shared repository's KOPIA_REPOSITORY in
// rp.repository (empty when it cannot be located: reported once per repository, not per PVC).
void plan_mover(const PvcFacts& pvc, const Repository& repo, const std::string& url_base, RepoPlan& rp,
                Findings& findings);

inline bool is_kopia(const RepoPlan& rp) { return rp.settings.mover == "kopia"; }

}  // namespace vg
