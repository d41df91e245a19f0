/** Every tuning knob of the detector, with the values the design notes and the benchmark chose. */
export interface DetectorParams {
  /** False-alarm rate of the one-day test (upper bound at 1 − alpha). */
  alphaSpike: number;
  /** Stricter one-day alpha while a series has too little history for the other tests. */
  alphaColdStart: number;
  /** Level-shift tests: sums over the last `days` days, each at its own false-alarm rate; the last is the week the share and ramp figures use. */
  sumWindows: Array<{ days: number; alpha: number }>;
  /** False-alarm rate of the share tests. */
  alphaShare: number;
  /** Days of baseline and the guard between the baseline and the day evaluated. */
  baselineDays: number;
  minBaselineDays: number;
  guardDays: number;
  /** Days of history the weekday profile is learned from. */
  profileDays: number;
  /** Baseline days whose Pearson residual exceeds this are treated as outbreaks and left out. */
  residualLimit: number;
  /** Profile-window days this far above the level (at the pooled dispersion) are not used for phi. */
  outbreakResidual: number;
  /** Standard errors added to the estimated dispersion (0 = plug-in estimate). */
  phiSafety: number;
  /** Overdispersion used for topics under `lowVolumePerDay`, where a per-topic estimate is noise. */
  pooledPhi: number;
  lowVolumePerDay: number;
  /** Floor of the expected level, so an all-zero history still has a finite bound. */
  minLevelPerDay: number;
  /** CUSUM of standardised residuals: reference value k and decision limit h. */
  cusumK: number;
  cusumH: number;
  /** Largest standardised residual one day may add to the CUSUM. */
  cusumCap: number;
  /** Minimum excess before anything is raised (Farrington's limit54, softened). */
  minSpikeExcess: number;
  minSpikeExcessFraction: number;
  minSumExcess: number;
  /** A topic holding significantly more than this share of all inquiries over 7 days is raised. */
  shareThreshold: number;
  /** The share must also be this many times its own baseline share to count as rising. */
  shareRiseFactor: number;
  minShareTotal: number;
  /** Pseudo-inquiries per weekday that pull a small topic's weekday profile toward the center's. */
  profilePseudoCount: number;
}

export const defaultParams: DetectorParams = {
  alphaSpike: 4e-3,
  alphaColdStart: 1e-5,
  sumWindows: [
    { days: 2, alpha: 3e-3 },
    { days: 3, alpha: 4e-3 },
    { days: 7, alpha: 2e-3 },
  ],
  alphaShare: 1e-6,
  baselineDays: 28,
  minBaselineDays: 14,
  guardDays: 7,
  profileDays: 112,
  residualLimit: 4,
  outbreakResidual: 100,
  phiSafety: 1,
  pooledPhi: 0.1,
  lowVolumePerDay: 5,
  minLevelPerDay: 0.2,
  cusumK: 0.5,
  cusumH: 4,
  cusumCap: 2.5,
  minSpikeExcess: 3,
  minSpikeExcessFraction: 0.2,
  minSumExcess: 5,
  shareThreshold: 0.2,
  shareRiseFactor: 1.5,
  minShareTotal: 50,
  profilePseudoCount: 20,
};

/** Days of history a judgement needs before its first day: the profile window plus the guard band. */
export const HISTORY_DAYS = defaultParams.profileDays + defaultParams.guardDays + 7;
