// Placeholder entry point while the pipeline is assembled.
#include <cstdio>
int main() { std::fputs("volsync-gen: not yet wired\n", stderr); return 2; }
