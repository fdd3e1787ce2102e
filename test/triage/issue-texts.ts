import type { Shape } from '../helpers/fixture-repo.js';
import type { IssueType } from '../../src/triage/plan/classify-issue.js';

/**
 * Issue texts written the way people write them (most without a backend word), each against one
 * of the three repository shapes of test/fixtures/triage, with what the triage must decide.
 */
export interface IssueText {
  id: string;
  shape: Shape;
  title: string;
  body: string;
  type: IssueType;
  /** false: labels only (front-end, docs, CI). */
  backend: boolean;
  kind: 'bug' | 'feature' | 'performance' | 'security' | 'question' | 'front-end' | 'docs' | 'ci' | 'mixed';
}

export const ISSUE_TEXTS: IssueText[] = [
  {
    id: 'bulk-cancel',
    shape: 'schools',
    title: 'Cancel a day of lessons when a school closes',
    body: "Let schools cancel all of a day's lessons when a school closes; only that school's staff may do it, and students must be notified.",
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'teachers-see-enrolments',
    shape: 'schools',
    title: 'Teachers want to see who is enrolled',
    body: 'Let teachers see who is enrolled in their lessons, so they can prepare the room.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'edit-room-error',
    shape: 'schools',
    title: "Changing a lesson's room shows an error",
    body: 'When a teacher edits the room of a lesson, the app says "no such lesson" although the lesson is there.',
    type: 'bug',
    backend: true,
    kind: 'bug',
  },
  {
    id: 'announcements-leak',
    shape: 'schools',
    title: 'Students can read announcements of other schools',
    body: 'A student told us they could see announcements from a school they do not attend. This is a data leak.',
    type: 'security',
    backend: true,
    kind: 'security',
  },
  {
    id: 'lessons-slow',
    shape: 'schools',
    title: 'The lessons list takes 8 seconds for big schools',
    body: 'Opening the timetable of a large school is very slow since the start of term.',
    type: 'performance',
    backend: true,
    kind: 'performance',
  },
  {
    id: 'delete-announcements',
    shape: 'schools',
    title: 'How are announcements deleted?',
    body: 'Staff asked how they can remove an announcement they posted by mistake.',
    type: 'question',
    backend: true,
    kind: 'question',
  },
  {
    id: 'calendar-overflow',
    shape: 'schools',
    title: 'The calendar page overflows on phones',
    body: 'On an iPhone the week view is cut off on the right and the buttons overlap. CSS issue in the layout.',
    type: 'bug',
    backend: false,
    kind: 'front-end',
  },
  {
    id: 'cancel-order',
    shape: 'shop',
    title: 'Cancel an order before it ships',
    body: 'Customers should be able to cancel an order as long as it has not shipped yet.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'refund-total-wrong',
    shape: 'shop',
    title: 'Refund total is wrong when an order has two refunds',
    body: 'An order with two partial refunds shows the amount of the last refund only. Expected the sum.',
    type: 'bug',
    backend: true,
    kind: 'bug',
  },
  {
    id: 'product-search-slow',
    shape: 'shop',
    title: 'Product search is slow',
    body: 'Searching products by name takes several seconds now that we have 200k products.',
    type: 'performance',
    backend: true,
    kind: 'performance',
  },
  {
    id: 'order-idor',
    shape: 'shop',
    title: "Any logged-in customer can open another customer's order",
    body: 'Changing the number in the order URL shows someone else\'s order with their address.',
    type: 'security',
    backend: true,
    kind: 'security',
  },
  {
    id: 'monthly-report',
    shape: 'shop',
    title: 'Monthly revenue report of orders',
    body: 'The shop owner wants a monthly report: how many orders and their total per month.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'export-button',
    shape: 'shop',
    title: 'Export button on the orders page',
    body: "Add an export button on the orders page that downloads a CSV of last month's orders.",
    type: 'feature',
    backend: true,
    kind: 'mixed',
  },
  {
    id: 'loyalty-points',
    shape: 'shop',
    title: 'Loyalty points for customers',
    body: 'Add loyalty points for customers: each order earns points they can see in their account.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'nothing-matches',
    shape: 'shop',
    title: 'Track the carbon footprint of deliveries',
    body: 'We would like to show the carbon footprint of each delivery.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'block-holidays',
    shape: 'clinic',
    title: 'Doctors want to block out holidays',
    body: 'Doctors want to block out holidays so patients cannot book them.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'double-booking',
    shape: 'clinic',
    title: 'Can a patient have two appointments at the same time?',
    body: 'Is that possible today, or is it prevented somewhere?',
    type: 'question',
    backend: true,
    kind: 'question',
  },
  {
    id: 'remove-appointments',
    shape: 'clinic',
    title: 'Remove all appointments of a patient who closes their account',
    body: 'When a patient closes their account, all of their appointments should be removed at once.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'reminders',
    shape: 'clinic',
    title: 'Appointment reminders',
    body: 'Send patients a reminder the day before their appointment.',
    type: 'feature',
    backend: true,
    kind: 'feature',
  },
  {
    id: 'readme-typo',
    shape: 'clinic',
    title: 'Typo in the setup docs',
    body: 'docs/setup.md says "uvicorn clinic.main:ap" in one place, and the README misspells "installation".',
    type: 'bug',
    backend: false,
    kind: 'docs',
  },
  {
    id: 'ci-node',
    shape: 'clinic',
    title: 'The GitHub Actions workflow fails on the lint job',
    body: 'The lint step in .github/workflows/ci.yml fails since the runner image changed.',
    type: 'bug',
    backend: false,
    kind: 'ci',
  },
];
