/** Lets real time pass: the page, its server and the meter run on their own clocks. */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The meter reports about once a second; a figure read after this long includes everything before it. */
export const REPORT_LAG_MS = 2500;
