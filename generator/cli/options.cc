#include "cli/options.h"

#include <iostream>

namespace vg {

CommandLine::CommandLine(std::string name, std::string usage, unsigned common)
    : name_(std::move(name)), common_flags_(common), options_(name_, std::move(usage)) {
  options_.add_options()("h,help", "show this help")("version", "print the version");
  if (common & kOptTemplates)
    options_.add_options()("templates",
                           "directory with secret.yaml, replicationsource.yaml, replicationdestination.yaml",
                           cxxopts::value<std::string>());
  if (common & kOptSchemas)
    options_.add_options()("schemas",
                           "CRD file or directory to validate against instead of the embedded VolSync v0.16.0 "
                           "schemas (repeatable)",
                           cxxopts::value<std::vector<std::string>>());
  if (common & kOptMaxInputBytes)
    options_.add_options()("max-input-bytes", "refuse inputs larger than this many bytes (render: all files together)",
                           cxxopts::value<std::size_t>());
}

void CommandLine::add_format(const std::string& values, const std::string& default_value) {
  options_.add_options()("f,format", "output format: " + values,
                         cxxopts::value<std::string>()->default_value(default_value));
}

void CommandLine::positional(const std::string& name, const std::string& help) {
  options_.add_options()(name, "positional", cxxopts::value<std::vector<std::string>>());
  options_.parse_positional({name});
  options_.positional_help(help);
}

std::optional<cxxopts::ParseResult> CommandLine::parse(int argc, char** argv, int& exit) {
  cxxopts::ParseResult args;
  try {
    args = options_.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    exit = usage_error(std::string(e.what()) + " (see " + name_ + " --help)");
    return std::nullopt;
  }
  if (args.count("help")) {
    std::cout << options_.help() << '\n';
    exit = 0;
    return std::nullopt;
  }
  if (args.count("version")) {
    std::cout << "volsync-gen " << VG_VERSION << " (VolSync schemas v0.16.0)\n";
    exit = 0;
    return std::nullopt;
  }
  if ((common_flags_ & kOptTemplates) && args.count("templates"))
    common_.templates_dir = args["templates"].as<std::string>();
  if ((common_flags_ & kOptSchemas) && args.count("schemas"))
    common_.schema_paths = args["schemas"].as<std::vector<std::string>>();
  if ((common_flags_ & kOptMaxInputBytes) && args.count("max-input-bytes"))
    common_.max_input_bytes = args["max-input-bytes"].as<std::size_t>();
  return args;
}

int CommandLine::usage_error(const std::string& what) const {
  std::cerr << name_ << ": " << what << '\n';
  return 2;
}

std::optional<long long> CommandLine::count(const cxxopts::ParseResult& args, const std::string& name,
                                            long long min, long long max) const {
  const long long v = args[name].as<long long>();
  if (v >= min && v <= max) return v;
  usage_error("--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
              std::to_string(v));
  return std::nullopt;
}

std::optional<std::vector<std::string>> CommandLine::positionals(const cxxopts::ParseResult& args,
                                                                 const std::string& name, std::size_t max) const {
  std::vector<std::string> v;
  if (args.count(name)) v = args[name].as<std::vector<std::string>>();
  if (v.size() <= max) return v;
  usage_error("unexpected argument \"" + v[max] + "\" (see " + name_ + " --help)");
  return std::nullopt;
}

std::optional<std::string> CommandLine::format(const cxxopts::ParseResult& args,
                                               const std::vector<std::string>& allowed) const {
  const std::string f = args["format"].as<std::string>();
  std::string list;
  for (const auto& a : allowed) {
    if (a == f) return f;
    list += (list.empty() ? "" : ", ") + a;
  }
  usage_error("unknown --format " + f + " (" + list + ")");
  return std::nullopt;
}

}  // namespace vg
