#include "cli/udiff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace vg {
namespace {

struct Line {
  std::string_view text;  // without '\n'
  bool newline = true;    // false for a last line without '\n'
  bool operator==(const Line& o) const { return text == o.text && newline == o.newline; }
};

std::vector<Line> split_lines(std::string_view s) {
  std::vector<Line> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) {
      out.push_back({s.substr(pos), false});
      break;
    }
    out.push_back({s.substr(pos, nl - pos), true});
    pos = nl + 1;
  }
  return out;
}

enum class Op { kKeep, kDel, kAdd };
struct Edit {
  Op op;
  std::size_t a, b;  // index in old (kKeep, kDel) and in new (kKeep, kAdd)
};

// Common prefix and suffix are trimmed first; the middle goes through an LCS table when small.
std::vector<Edit> edit_script(const std::vector<Line>& a, const std::vector<Line>& b) {
  std::vector<Edit> out;
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  for (std::size_t i = 0; i < pre; ++i) out.push_back({Op::kKeep, i, i});
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  constexpr std::uint64_t kMaxCells = 16u << 20;
  if (n > 0 && m > 0 && static_cast<std::uint64_t>(n + 1) * (m + 1) <= kMaxCells) {
    std::vector<std::uint32_t> t((n + 1) * (m + 1), 0);  // t[i][j]: LCS of a[i..], b[j..]
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return t[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (a[pre + i] == b[pre + j]) {
        out.push_back({Op::kKeep, pre + i, pre + j});
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        out.push_back({Op::kDel, pre + i, pre + j});
        ++i;
      } else {
        out.push_back({Op::kAdd, pre + i, pre + j});
        ++j;
      }
    }
    for (; i < n; ++i) out.push_back({Op::kDel, pre + i, pre + m});
    for (; j < m; ++j) out.push_back({Op::kAdd, pre + n, pre + j});
  } else {
    for (std::size_t i = 0; i < n; ++i) out.push_back({Op::kDel, pre + i, pre});
    for (std::size_t j = 0; j < m; ++j) out.push_back({Op::kAdd, pre + n, pre + j});
  }
  for (std::size_t k = 0; k < suf; ++k) out.push_back({Op::kKeep, pre + n + k, pre + m + k});
  return out;
}

void put_line(std::string& out, char prefix, const Line& l) {
  out += prefix;
  out.append(l.text);
  out += '\n';
  if (!l.newline) out += "\\ No newline at end of file\n";
}

// "start,count" as diff prints it: an empty range is shown at the line before it.
std::string range(std::size_t first, std::size_t count) {
  std::size_t start = count == 0 ? first : first + 1;
  return count == 1 ? std::to_string(start) : std::to_string(start) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view old_name,
                         std::string_view new_name, int context) {
  if (old_text == new_text) return {};
  const auto a = split_lines(old_text), b = split_lines(new_text);
  const auto edits = edit_script(a, b);
  const std::size_t ctx = static_cast<std::size_t>(std::max(context, 0));
  std::string out;
  out += "--- ";
  out.append(old_name);
  out += "\n+++ ";
  out.append(new_name);
  out += '\n';
  std::size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == Op::kKeep) ++k;
    if (k == edits.size()) break;
    // Hunk: from ctx lines before the first change to ctx lines after the last change, merging
    // changes separated by at most 2*ctx unchanged lines.
    std::size_t begin = k >= ctx ? k - ctx : 0;
    while (begin < k && edits[begin].op != Op::kKeep) ++begin;
    std::size_t end = k;
    for (;;) {
      while (end < edits.size() && edits[end].op != Op::kKeep) ++end;
      std::size_t keep = end;
      while (keep < edits.size() && edits[keep].op == Op::kKeep) ++keep;
      if (keep < edits.size() && keep - end <= 2 * ctx) {
        end = keep;
        continue;
      }
      end = std::min(end + ctx, keep);
      break;
    }
    std::size_t old_count = 0, new_count = 0;
    for (std::size_t x = begin; x < end; ++x) {
      if (edits[x].op != Op::kAdd) ++old_count;
      if (edits[x].op != Op::kDel) ++new_count;
    }
    out += "@@ -" + range(edits[begin].a, old_count) + " +" + range(edits[begin].b, new_count) + " @@\n";
    for (std::size_t x = begin; x < end; ++x) {
      const Edit& e = edits[x];
      if (e.op == Op::kKeep) put_line(out, ' ', a[e.a]);
      else if (e.op == Op::kDel) put_line(out, '-', a[e.a]);
      else put_line(out, '+', b[e.b]);
    }
    k = end;
  }
  return out;
}

}  // namespace vg
