import { z } from 'zod';

/*
 * Page health: what every page a run (journey or explore) visited showed besides the journey's
 * own checks: Core Web Vitals, accessibility (axe-core) and broken images. Recorded per page in
 * `run.pages`, read by the page-health rules (slow-page, layout-shift, accessibility, broken-image).
 */

/**
 * Core Web Vitals of one page as the customer met it (web-vitals, in the page). Absent values were
 * not measured: INP needs an interaction, LCP a painted element.
 */
export const Vitals = z.object({
  /** Largest Contentful Paint: when the page's main content showed, ms after navigation. */
  lcpMs: z.number().nonnegative().optional(),
  /** The element that was the largest paint (a CSS selector or its tag), for the finding. */
  lcpElement: z.string().optional(),
  /** Cumulative Layout Shift: how much the page jumped under the customer, unitless. */
  cls: z.number().nonnegative().optional(),
  /** What shifted most (a CSS selector), for the finding. */
  clsElement: z.string().optional(),
  /** Interaction to Next Paint: how long the page took to answer the customer's slowest click or key, ms. */
  inpMs: z.number().nonnegative().optional(),
  inpTarget: z.string().optional(),
});
export type Vitals = z.infer<typeof Vitals>;

export const IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;
export const Impact = z.enum(IMPACTS);
export type Impact = z.infer<typeof Impact>;

/** One axe-core rule a page broke, with the elements that broke it (the first few). */
export const AccessibilityViolation = z.object({
  /** The axe rule id, e.g. `color-contrast`, `label`, `image-alt`. */
  id: z.string(),
  impact: Impact,
  /** What the rule asks for, in axe's words ("Form elements must have labels"). */
  help: z.string(),
  /** Deque's page explaining the rule and the fix. */
  helpUrl: z.string(),
  /** WCAG and other tags of the rule (wcag2aa, wcag143…). */
  tags: z.array(z.string()).default([]),
  /** The first elements that broke it. */
  nodes: z.array(
    z.object({
      /** A CSS selector for the element (through frames and shadow roots: `iframe >> button`). */
      target: z.string(),
      /** The element's opening markup, cut. */
      html: z.string(),
      /** axe's summary of what to fix for this element. */
      summary: z.string().optional(),
    }),
  ),
  /** Every element that broke it (nodes keeps the first few). */
  nodeCount: z.number().int().nonnegative(),
});
export type AccessibilityViolation = z.infer<typeof AccessibilityViolation>;

/** An image the customer saw broken: its request failed, or it loaded as nothing. */
export const BrokenImage = z.object({
  src: z.string(),
  /** The image's alt text, what the customer was meant to see. */
  alt: z.string().optional(),
  /** HTTP status, when the image answered with an error. */
  status: z.number().int().optional(),
});
export type BrokenImage = z.infer<typeof BrokenImage>;

export const PageHealth = z.object({
  /** The step in which the page was shown (its last step when it stayed up across several). */
  stepIndex: z.number().int().nonnegative().optional(),
  url: z.string(),
  title: z.string().optional(),
  vitals: Vitals.optional(),
  /**
   * axe-core's violations on the page; absent when it was not checked (the config's `pageHealth`,
   * or a page already checked earlier in the audit: each page is checked once per audit).
   */
  accessibility: z.array(AccessibilityViolation).optional(),
  /** Images on the page that loaded as nothing (naturalWidth 0): failed image requests are in `observations`. */
  brokenImages: z.array(BrokenImage).optional(),
});
export type PageHealth = z.infer<typeof PageHealth>;
