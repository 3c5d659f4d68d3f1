// The command line of every subcommand: one cxxopts wrapper so that the options they share
// (--help, --version, --templates, --schemas, --max-input-bytes, --format) are spelt, described and
// read the same way, and usage errors look alike: "volsync-gen lint: <what>" on stderr, exit 2.
#pragma once
#include <cstddef>
#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <vector>

#include "yaml/limits.h"

namespace vg {

// Options a command takes from the shared set (bit flags).
enum CommonOption : unsigned {
  kOptTemplates = 1u << 0,      // --templates DIR
  kOptSchemas = 1u << 1,        // --schemas PATH (repeatable)
  kOptMaxInputBytes = 1u << 2,  // --max-input-bytes N
};

// What the shared options said.
struct CommonValues {
  std::string templates_dir;
  std::vector<std::string> schema_paths;
  std::optional<std::size_t> max_input_bytes;
  void apply(Limits& limits) const {
    if (max_input_bytes) limits.max_input_bytes = *max_input_bytes;
  }
};

class CommandLine {
 public:
  // `name`: "volsync-gen" or "volsync-gen lint", the prefix of every message. --help and
  // --version are always there.
  CommandLine(std::string name, std::string usage, unsigned common);

  // The command's own options.
  cxxopts::OptionAdder add() { return options_.add_options(); }
  // --format with its values, e.g. "text, json, sarif, github".
  void add_format(const std::string& values, const std::string& default_value);
  // Positional arguments go to `name` (a string list), shown as `help` in the usage line.
  void positional(const std::string& name, const std::string& help);

  // Parses. nullopt when the command is done and must return `exit`: after --help or --version
  // (0), or a usage error (2, reported).
  std::optional<cxxopts::ParseResult> parse(int argc, char** argv, int& exit);

  // The shared options' values (after parse).
  const CommonValues& common() const { return common_; }
  // Reports a usage error the common way and returns 2.
  int usage_error(const std::string& what) const;
  // The integer option `name` (it has a default, or is given), checked against [min, max]; nullopt
  // after reporting a usage error ("--runs must be between 1 and 1000, got -5").
  std::optional<long long> count(const cxxopts::ParseResult& args, const std::string& name, long long min,
                                 long long max) const;
  // The positional arguments of `name`, at most `max` of them; nullopt after reporting a usage error
  // naming the first extra one.
  std::optional<std::vector<std::string>> positionals(const cxxopts::ParseResult& args, const std::string& name,
                                                      std::size_t max) const;
  // The format given, checked against `allowed`; nullopt after reporting a usage error.
  std::optional<std::string> format(const cxxopts::ParseResult& args, const std::vector<std::string>& allowed) const;
  std::string help() const { return options_.help(); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  unsigned common_flags_;
  cxxopts::Options options_;
  CommonValues common_;
};

}  // namespace vg
