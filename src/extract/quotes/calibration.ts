/**
 * What a quote's `confidence` means. It is the ranker's calibrated probability that the speaker is
 * right (`npm run calibration:quotes` prints the reliability diagram on PolNeAR dev; README).
 *
 * REVIEW_BELOW: below this confidence an attribution is doubtful and worth a person's look. Chosen
 * from the dev reliability diagram: quotes in the bands under 0.8 had the right speaker 20-60% of
 * the time, quotes from 0.8 up 92.3% (0.9 up: 94.1%).
 */
export const REVIEW_BELOW = 0.8;
