#include "schema/pattern.h"

#include <re2/re2.h>

#include <mutex>
#include <unordered_map>

namespace vg {
namespace {

// RE2's C++ syntax is Go's plus \C (any byte), which Go rejects: a pattern that only this binary
// accepted would let through objects the API server refuses to store its CRD with.
bool has_any_byte_escape(std::string_view text) {
  for (size_t k = 0; k + 1 < text.size(); ++k)
    if (text[k] == '\\') {
      if (text[k + 1] == 'C') return true;
      ++k;  // skip the escaped character, so \\C is a backslash and a C
    }
  return false;
}

std::shared_ptr<const Pattern> build(const std::string& text, std::string& error) {
  if (has_any_byte_escape(text)) {
    error = "invalid escape sequence: \\C";
    return nullptr;
  }
  RE2::Options options;  // UTF-8, Perl classes, ^/$ at the text's ends: Go's regexp.Compile
  options.set_log_errors(false);
  auto re = std::make_unique<const RE2>(text, options);
  if (!re->ok()) {
    error = re->error();
    return nullptr;
  }
  return std::make_shared<const Pattern>(text, std::move(re));
}

}  // namespace

Pattern::Pattern(std::string text, std::unique_ptr<const re2::RE2> re)
    : text_(std::move(text)), re_(std::move(re)) {}
Pattern::~Pattern() = default;

std::shared_ptr<const Pattern> Pattern::compile(std::string_view text, std::string& error) {
  // Failures are cached too (as nullptr with their message): a bad pattern in a user's CRD is
  // reported once per field but compiled once.
  struct Entry {
    std::shared_ptr<const Pattern> pattern;
    std::string error;
  };
  static std::mutex mu;  // embedded schemas compile lazily, possibly from several threads
  static std::unordered_map<std::string, Entry> cache;
  std::lock_guard<std::mutex> lock(mu);
  // Bounded for the fuzzer, which makes a new pattern every run; nodes keep theirs alive.
  if (cache.size() >= 4096) cache.clear();
  auto [it, inserted] = cache.try_emplace(std::string(text));
  if (inserted) it->second.pattern = build(it->first, it->second.error);
  error = it->second.error;
  return it->second.pattern;
}

bool Pattern::matches(std::string_view value) const { return RE2::PartialMatch(value, *re_); }

}  // namespace vg
