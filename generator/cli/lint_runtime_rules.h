// lint's rules for runtime failures seen in real repositories, over the facts of lint_cross.h:
// a destination restoring into the PVC it populates (backube/volsync#1129), a repository Secret
// whose near namesake the unit makes instead, privileged-movers set where VolSync does not read
// it, and a repository Secret without the keys of its RESTIC_REPOSITORY's backend.
#pragma once
#include <string>
#include <vector>

#include "cli/lint_cross.h"

namespace vg {

// Fills f.runtime from the object's tree.
void lint_runtime_facts(const InputObject& obj, const Doc& doc, LintFacts& f);

// Rules over all objects: destination-pvc-populated, privileged-movers-on-object.
void lint_runtime_rules(const std::vector<LintFacts>& objects, const LintReport& report);

// The credentials object (of `secrets`) whose name is nearest to `name` in the scope of `from`, for
// a repository Secret no object makes: a near name (a typo, a suffix, a prefix) or a
// secretGenerator's own name, which kustomize suffixes with a hash. nullptr when none.
const LintFacts* lint_near_secret(const LintFacts& from, const std::string& name,
                                  const std::vector<const LintFacts*>& secrets);
// The message of repository-secret-near-name for `name` and the near Secret.
std::string lint_near_secret_message(const std::string& name, const LintFacts& near);

// repository-backend-keys: a v1 Secret whose literal RESTIC_REPOSITORY names a backend (s3:, b2:,
// azure:) lacks that backend's keys.
void lint_repository_backend_keys(const LintFacts& secret, const LintReport& report);

}  // namespace vg
