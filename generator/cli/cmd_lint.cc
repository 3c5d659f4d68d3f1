// volsync-gen lint: checks VolSync objects, their repository Secrets and restoring PVCs in files,
// directories or stdin, and reports findings in a format for people or for CI (lint.h).
#include <cstdint>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/lint.h"
#include "cli/options.h"
#include "cli/report_format.h"
#include "krm/io.h"

namespace vg {
namespace {

constexpr const char* kUsage = R"(check VolSync ReplicationSources/ReplicationDestinations, their restic repository
Secrets and the PVCs that restore from them: CRD schema (VolSync v0.16.0 unless --schemas), VolSync's
runtime rules, and cross-object rules (shared repositories, name clashes, volume populator).

PATH is a file, a directory (searched recursively for *.yaml and *.yml) or - for stdin (a YAML stream
or a KRM ResourceList). All inputs are checked together, so cross-object rules see every file.

Exit status: 0 no error findings (warnings allowed), 1 error findings, 2 usage or unreadable/malformed input.
Rules and examples: docs/lint.md.)";


// `--list-rules`: the whole registry, one rule a line: id, severity, group, whether it can be
// disabled, summary, hint (tab-separated, for grep and cut).
void list_rules() {
  for (const auto& r : rule_registry())
    std::cout << r.id << '\t' << severity_name(r.severity) << '\t' << rule_group_name(r.group) << '\t'
              << (r.can_disable ? "can-disable" : "always") << '\t' << r.summary << '\t' << r.hint << '\n';
}

}  // namespace

int cmd_lint(int argc, char** argv) {
  CommandLine cl("volsync-gen lint", kUsage, kOptSchemas | kOptMaxInputBytes);
  cl.add_format("text, json, sarif, github", "text");
  cl.add()
      ("disable", "rule id to skip (repeatable, or comma-separated)", cxxopts::value<std::vector<std::string>>())
      ("list-rules", "print the rule table and exit");
  cl.positional("paths", "PATH...");
  int exit = 0;
  auto args = cl.parse(argc, argv, exit);
  if (!args) return exit;
  const auto paths = cl.positionals(*args, "paths", args->count("list-rules") ? 0 : SIZE_MAX);
  if (!paths) return 2;
  if (args->count("list-rules")) {
    list_rules();
    return 0;
  }
  const auto format_name = cl.format(*args, {"text", "json", "sarif", "github"});
  if (!format_name) return 2;
  const ReportFormat* format = find_report_format(*format_name);
  LintOptions opt;
  opt.schema_paths = cl.common().schema_paths;
  cl.common().apply(opt.limits);
  if (args->count("disable")) {
    opt.disabled = (*args)["disable"].as<std::vector<std::string>>();
    Findings bad;
    check_disabled_rules(opt.disabled, Finding{.field = "--disable"}, bad);
    for (const auto& f : bad) cl.usage_error("--disable: " + f.message + " (" + f.hint + ")");
    if (!bad.empty()) return 2;
  }
  if (paths->empty()) return cl.usage_error("no PATH given (use - for stdin)");

  enable_heap_huge_pages();
  LintResult result;
  std::vector<LintSource> sources;
  collect_sources(*paths, stdin, opt.limits, sources, result);
  try {
    lint_sources(sources, opt, result);
  } catch (const std::exception& e) {
    std::cerr << "volsync-gen lint: internal error: " << e.what() << '\n';
    return 2;
  }
  if (!write_all(stdout, format->write(result.findings, rule_registry()))) {
    std::cerr << "volsync-gen lint: writing the output failed\n";
    return 2;
  }
  if (format->name == "text") {
    std::size_t n[3] = {0, 0, 0};
    for (const auto& f : result.findings) ++n[static_cast<int>(f.severity)];
    std::cerr << sources.size() << " file(s), " << result.objects.size() << " object(s): " << n[0] << " error(s), "
              << n[1] << " warning(s), " << n[2] << " info\n";
  }
  return lint_exit_code(result);
}

}  // namespace vg
