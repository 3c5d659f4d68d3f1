// volsync-gen lint: checks VolSync objects, their repository Secrets and restoring PVCs in files,
// directories or stdin, and reports findings in a format for people or for CI (lint.h).
#include <cstdio>
#include <cxxopts.hpp>
#include <iostream>

#include "cli/commands.h"
#include "krm/io.h"
#include "cli/lint.h"
#include "cli/report_format.h"

namespace vg {
namespace {

constexpr const char* kUsage = R"(check VolSync ReplicationSources/ReplicationDestinations, their restic repository
Secrets and the PVCs that restore from them: CRD schema (VolSync v0.16.0 unless --schemas), VolSync's
runtime rules, and cross-object rules (shared repositories, name clashes, volume populator).

PATH is a file, a directory (searched recursively for *.yaml and *.yml) or - for stdin (a YAML stream
or a KRM ResourceList). All inputs are checked together, so cross-object rules see every file.

Exit status: 0 no error findings (warnings allowed), 1 error findings, 2 usage or unreadable/malformed input.
Rules and examples: docs/lint.md.)";

}  // namespace

int cmd_lint(int argc, char** argv) {
  cxxopts::Options options("volsync-gen lint", kUsage);
  options.add_options()
      ("h,help", "show this help")
      ("f,format", "output format: text, json, sarif, github", cxxopts::value<std::string>()->default_value("text"))
      ("schemas", "CRD file or directory to validate against instead of the embedded VolSync v0.16.0 "
       "schemas (repeatable)", cxxopts::value<std::vector<std::string>>())
      ("disable", "rule id to skip (repeatable, or comma-separated)", cxxopts::value<std::vector<std::string>>())
      ("list-rules", "print the rule table and exit")
      ("max-input-bytes", "refuse inputs larger than this", cxxopts::value<std::size_t>())
      ("paths", "positional", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"paths"});
  options.positional_help("PATH...");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "volsync-gen lint: " << e.what() << "\n";
    return 2;
  }
  if (args.count("help")) {
    std::cout << options.help() << '\n';
    return 0;
  }
  if (args.count("list-rules")) {
    for (const auto& r : lint_rules())
      std::cout << r.id << '\t' << severity_name(r.severity) << '\t' << r.summary << '\n';
    return 0;
  }
  const std::string format_name = args["format"].as<std::string>();
  const ReportFormat* format = find_report_format(format_name);
  if (!format) {
    std::cerr << "volsync-gen lint: unknown --format " << format_name << " (text, json, sarif, github)\n";
    return 2;
  }
  LintOptions opt;
  if (args.count("schemas")) opt.schema_paths = args["schemas"].as<std::vector<std::string>>();
  if (args.count("max-input-bytes")) opt.limits.max_input_bytes = args["max-input-bytes"].as<std::size_t>();
  if (args.count("disable"))
    for (const auto& id : args["disable"].as<std::vector<std::string>>()) {
      bool known = false;
      for (const auto& r : lint_rules()) known = known || r.id == id;
      if (!known) {
        std::cerr << "volsync-gen lint: --disable " << id << ": no such rule (see --list-rules)\n";
        return 2;
      }
      opt.disabled.push_back(id);
    }
  std::vector<std::string> paths;
  if (args.count("paths")) paths = args["paths"].as<std::vector<std::string>>();
  if (paths.empty()) {
    std::cerr << "volsync-gen lint: no PATH given (use - for stdin)\n" << options.help() << '\n';
    return 2;
  }

  LintResult result;
  std::vector<LintSource> sources;
  collect_sources(paths, stdin, opt.limits, sources, result);
  try {
    lint_sources(sources, opt, result);
  } catch (const std::exception& e) {
    std::cerr << "volsync-gen lint: internal error: " << e.what() << '\n';
    return 2;
  }
  if (!write_all(stdout, format->write(result.findings, lint_rules()))) {
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
