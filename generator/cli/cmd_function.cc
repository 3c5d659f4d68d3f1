// The KRM function command: wires the stages to the ways clients call a function.
//   volsync-gen                  KRM function: ResourceList on stdin -> ResourceList on stdout
//   volsync-gen CONFIG_FILE      legacy kustomize exec plugin: YAML stream in and out
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "volsync/env_overrides.h"
#include "cli/function.h"
#include "krm/io.h"

namespace vg {
namespace {

constexpr const char* kUsage = R"(volsync-gen turns labelled PersistentVolumeClaims into a validated VolSync backup
setup (Secret, ReplicationSource, ReplicationDestination) at build time.

Usage:
  volsync-gen [options] < resourcelist.yaml     KRM function (kpt, kustomize --enable-exec)
  volsync-gen CONFIG_FILE < stream.yaml         legacy kustomize exec plugin (kubectl kustomize)
  volsync-gen COMMAND [options] [args]          one of the commands below

Commands (each has --help):
  function     the KRM function or legacy plugin above (the default)
  lint         check VolSync objects, their Secrets and restoring PVCs in files (docs/lint.md)
  render       pre-render the generated objects into files, for Flux (docs/flux.md)
  inventory    list what would be backed up, where and when, and flag crowded minutes
  adopt        take over an existing VolSync setup without moving a backup (docs/migration.md)

Under Argo CD, plugin env ARGOCD_ENV_VOLSYNC_<KEY> and parameters PARAM_<KEY> override the
config's ConfigMap keys (KEY in SCREAMING_SNAKE_CASE, e.g. VOLSYNC_SCHEDULE); see docs/argocd.md.

Security: in credentials mode secret the source Secret's keys (S3 keys, restic password) are copied
into every namespace with a selected PVC, and a leaked copy opens the whole bucket unless the key is
scoped. Whoever can label a PVC or read Secrets in such a namespace gets them. On a shared cluster,
limit namespaces (spec.namespaces), give each namespace its own keys (credentials.byNamespace, or
externalSecret with per-namespace store items) and scope each key to <bucket>/<namespace>/ with a
bucket policy. See "Threat model" in the README.

Exit status: 0 success, 1 errors were found (reported on stderr and in `results`), 2 usage error
(inventory: 3 a minute with more backup starts than --max-per-minute).
See the README for the configuration and annotation reference.
)";

int report(const Findings& findings) {
  for (const auto& f : findings) std::cerr << "volsync-gen: " << f.to_text() << '\n';
  return 0;
}

}  // namespace

int cmd_function(int argc, char** argv) {
  CommandLine cl("volsync-gen", kUsage, kOptTemplates | kOptSchemas | kOptMaxInputBytes);
  cl.positional("args", "[CONFIG_FILE]");
  int exit = 0;
  auto args = cl.parse(argc, argv, exit);
  if (!args) return exit;

  FunctionOptions opt;
  opt.templates_dir = cl.common().templates_dir;
  opt.schema_paths = cl.common().schema_paths;
  cl.common().apply(opt.limits);
  opt.overrides = select_override_env(environ);
  opt.pieces_only = true;  // written straight from the input's bytes: no second copy of a large input
  opt.keep_plans = false;  // Argo CD: ARGOCD_ENV_VOLSYNC_*, PARAM_* (docs/argocd.md)

  // kustomize runs a legacy plugin as `<plugin> <config file> [args...]`, the args from the config's
  // argsOneLiner/argsFromFile: volsync-gen takes none, and says so rather than ignore them.
  const auto positional = cl.positionals(*args, "args", 1);
  if (!positional) return 2;
  if (!positional->empty()) {
    const std::string& path = positional->front();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return cl.usage_error(path + ": not a command and not a config file");
    bool too_large = false;
    auto text = read_file(path, opt.limits.max_input_bytes, too_large);
    if (!text) {
      std::cerr << "volsync-gen: " << path << ": cannot read the config file\n";
      return 2;
    }
    opt.stream_io = true;
    opt.config_text = std::move(*text);
    opt.config_file = path;
  } else if (isatty(STDIN_FILENO)) {
    std::cerr << cl.help() << '\n';
    return 2;
  }

  enable_heap_huge_pages();
  bool too_large = false;
  auto input = read_all(stdin, opt.limits.max_input_bytes, too_large);
  if (!input) {
    std::cerr << "volsync-gen: "
              << (too_large ? "input exceeds --max-input-bytes (" + std::to_string(opt.limits.max_input_bytes) + ")"
                            : std::string("cannot read stdin"))
              << '\n';
    return 1;
  }
  FunctionResult result;
  try {
    result = run_function(*input, opt);
  } catch (const std::exception& e) {
    // A bug, not bad input: still never exit 0, and say where to look.
    std::cerr << "volsync-gen: internal error: " << e.what() << '\n';
    return 1;
  }
  report(result.findings);
  if (!result.write(stdout, *input)) {
    std::cerr << "volsync-gen: writing the output failed\n";
    return 1;
  }
  return result.ok ? 0 : 1;
}

}  // namespace vg
