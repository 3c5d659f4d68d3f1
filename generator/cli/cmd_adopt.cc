// volsync-gen adopt PATH...: takes over an existing VolSync setup (adopt.h). The stream on stdout;
// on stderr what would still differ after regeneration. Never prints a Secret's values: it compares
// ReplicationSources and ReplicationDestinations only, and passes Secrets through untouched.
#include <cstdio>
#include <iostream>

#include "cli/adopt.h"
#include "cli/commands.h"
#include "cli/lint.h"
#include "cli/options.h"
#include "krm/io.h"

namespace vg {
namespace {

constexpr const char* kUsage = R"(take over an existing VolSync setup (a Flux component, a Kyverno policy, hand-written
objects) without moving a backup. Reads PVCs with their ReplicationSources/Destinations, Secrets,
ExternalSecrets and SecretStores, and prints a YAML stream for kustomize or kpt: each backed-up PVC
annotated so that the function regenerates its objects as they are, the other objects unchanged
(credentials stay yours: credentials mode existing), and one VolSyncBackup (local-config) with the
values the PVCs share. Today's ReplicationSources/Destinations are left out: the function makes them.
Kopia setups adopt the same way; a KopiaMaintenance stays yours (maintenance off, stderr says so).

adopt runs the function on its own output and prints on stderr what would still differ
(object, field, today, after). Secret values are never printed.

PATH is a file, a directory (searched recursively for *.yaml and *.yml) or - for stdin.

Exit status: 0 nothing moves or loses data, 1 a difference that does (a name, sourcePVC, trigger,
retain, repository Secret or destinationPVC; kopia's sourceIdentity or moverVolumes), 2 usage or unreadable/invalid input.
Guide: docs/migration.md.)";

}  // namespace

int cmd_adopt(int argc, char** argv) {
  CommandLine cl("volsync-gen adopt", kUsage, kOptMaxInputBytes);
  cl.positional("paths", "PATH...");
  int exit = 0;
  auto args = cl.parse(argc, argv, exit);
  if (!args) return exit;
  const auto paths = cl.positionals(*args, "paths", SIZE_MAX);
  if (!paths) return 2;
  if (paths->empty()) return cl.usage_error("no PATH given (use - for stdin)");
  Limits limits;
  cl.common().apply(limits);
  LintResult read;
  std::vector<LintSource> sources;
  collect_sources(*paths, stdin, limits, sources, read);
  for (const auto& f : read.findings) std::cerr << "volsync-gen adopt: " << f.to_text() << '\n';
  if (read.input_error) return 2;
  const AdoptResult r = adopt(sources);
  for (const auto& f : r.findings) std::cerr << "volsync-gen adopt: " << f.to_text() << '\n';
  for (const auto& e : r.errors) std::cerr << "volsync-gen adopt: error: " << e << '\n';
  if (!r.ok) return 2;
  if (!write_all(stdout, r.output)) {
    std::cerr << "volsync-gen adopt: writing the output failed\n";
    return 2;
  }
  for (const auto& n : r.notes) std::cerr << "volsync-gen adopt: " << n << '\n';
  for (const auto& d : r.differences)
    std::cerr << (d.lossy ? "LOSSY " : "differs ") << d.object << " " << d.field << ": today " << d.today
              << ", after " << d.after << '\n';
  const int code = adopt_exit_code(r);
  if (code == 1) std::cerr << "volsync-gen adopt: refusing: a backup would move or lose data (LOSSY lines above)\n";
  return code;
}

}  // namespace vg
