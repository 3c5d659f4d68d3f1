// The Kopia mover's runtime rules (perfectra1n/volsync v0.17.11, ../shared/research/kopia.md): what
// the fork's CRD schema lets through but its controller or mover script rejects, or does in a way
// that loses backups quietly. One object at a time; the rules across objects (the repository Secret,
// the identity a destination restores) are lint's (cli/lint_kopia.h).
#pragma once
#include "yaml/doc.h"
#include "krm/finding.h"
#include "volsync/rules.h"

namespace vg {

// Checks spec.kopia of a ReplicationSource or ReplicationDestination (nothing for other objects, or
// without spec.kopia). check_volsync_object calls it.
void check_kopia_object(const Doc& obj, const RuleContext& ctx, Findings& out);

// The characters the mover splits additionalArgs on: it joins them with "|VOLSYNC_ARG_SEP|" and
// splits with IFS set to that string, so every one of its characters is a separator (entry.sh).
inline constexpr std::string_view kKopiaArgSplitChars = "|VOLSYNC_ARGEP";

}  // namespace vg
