// Entry point: the first argument picks a subcommand; anything else is the KRM function, which
// clients call with no arguments (kpt, kustomize) or with a config file (legacy plugins).
#include <cstring>
#include <string_view>

#include "cli/commands.h"

namespace {

struct Command {
  std::string_view name;
  int (*run)(int argc, char** argv);  // argv[0] is the subcommand name
};

constexpr Command kCommands[] = {
    {"adopt", vg::cmd_adopt},
    {"function", vg::cmd_function},
    {"inventory", vg::cmd_inventory},
    {"lint", vg::cmd_lint},
    {"render", vg::cmd_render},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1)
    for (const auto& c : kCommands)
      if (c.name == argv[1]) return c.run(argc - 1, argv + 1);
  return vg::cmd_function(argc, argv);
}
