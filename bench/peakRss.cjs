// Preloaded (`node --require`) into a command the benchmark runs: prints the process's peak RSS as it exits.
process.on('exit', () => process.stderr.write(`\ntokenwise-bench-peak-rss ${process.resourceUsage().maxRSS * 1024}\n`));
