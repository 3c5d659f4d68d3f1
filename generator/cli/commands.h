// Subcommands. main.cc dispatches on argv[1]; each command parses its own options.
#pragma once

namespace vg {

// volsync-gen [options] [CONFIG_FILE]: the KRM function, or a legacy kustomize exec plugin.
int cmd_function(int argc, char** argv);
// volsync-gen lint [--format F] [--schemas P]... [--disable RULE]... PATH...: checks manifests (cmd_lint.cc).
int cmd_lint(int argc, char** argv);
// volsync-gen render DIR --output OUTDIR [--check]: pre-rendered output for Flux (cmd_render.cc).
int cmd_render(int argc, char** argv);

// volsync-gen inventory [--format markdown|json|csv] [FILE]: what would be backed up, when.
int cmd_inventory(int argc, char** argv);

// volsync-gen adopt PATH...: takes over an existing VolSync setup without moving a backup (adopt.h).
int cmd_adopt(int argc, char** argv);

}  // namespace vg
