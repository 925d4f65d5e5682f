// Preloaded with `node --require` into a benchmarked child process (the CLI or a library script):
// at exit it writes the process's own CPU time (user + system, µs) and peak RSS to
// $BENCH_CPU_FILE, so both sides of a comparison are measured by the same instrument.
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      file,
      JSON.stringify({ cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS }),
    );
  });
}
