// Subcommands. main.cc dispatches on argv[1]; each command parses its own options.
#pragma once

namespace vg {

// volsync-gen [options] [CONFIG_FILE]: the KRM function, or a legacy kustomize exec plugin.
int cmd_function(int argc, char** argv);

}  // namespace vg
