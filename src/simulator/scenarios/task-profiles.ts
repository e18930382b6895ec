import { buildCsvDocument } from '../files/csv-document';
import { buildPdfDocument } from '../files/pdf-document';
import { hashString, randomInt, type Random } from '../engine/random';
import type { StepContext, StoredFileSpec } from './scenario-types';

/**
 * What a task does on its website: the site, the pages the agent walks through, its reasoning on
 * each, the output it extracts and the file it captures. Scenarios decide the lifecycle; the profile
 * makes runs of different tasks look different.
 */
export interface TaskProfile {
  key: string;
  siteName: string;
  host: string;
  /** The upstream source (website) id runs of this profile target unless the caller names one. */
  sourceId: string;
  /** Brand colour used in the rendered page header. */
  brandColor: readonly [number, number, number];
  pages: {
    login: string;
    dashboard: string;
    list: string;
    document: string;
  };
  reasoning: {
    login: readonly string[];
    dashboard: readonly string[];
    list: readonly string[];
    document: readonly string[];
  };
  defaultInput: (random: Random) => Record<string, unknown>;
  output: (context: StepContext) => unknown;
  file: (context: StepContext) => StoredFileSpec;
}

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'] as const;

function money(random: Random, min: number, max: number): number {
  return Math.round((min + random() * (max - min)) * 100) / 100;
}

function isoDay(at: number, addDays: number): string {
  return new Date(at + addDays * 86_400_000).toISOString().slice(0, 10);
}

const utilityStatement: TaskProfile = {
  key: 'utility_statement',
  siteName: 'Northwind Energy',
  host: 'my.northwind-energy.example',
  sourceId: 'src_Nw8Energy4k',
  brandColor: [22, 101, 52],
  pages: { login: '/login', dashboard: '/account/overview', list: '/billing/statements', document: '/billing/statements/latest' },
  reasoning: {
    login: [
      'Login form is visible; filling the username field from the stored credential.',
      'Entered the password and pressed "Sign in"; waiting for the account page to load.',
    ],
    dashboard: ['Account overview loaded; the Billing menu is in the left navigation.', 'Opening Billing to find the most recent statement.'],
    list: [
      'Statements table shows one row per month; the newest is at the top.',
      'Selecting the row for the requested statement period.',
      'Checking the due date column matches the statement I opened.',
    ],
    document: ['Statement detail is open; reading the amount due and the due date.', 'Downloading the PDF copy of the statement.'],
  },
  defaultInput: (random) => ({ statement_month: MONTHS[randomInt(random, 0, MONTHS.length - 1)], account_number: `44${randomInt(random, 100000, 999999)}` }),
  output: ({ random, now }) => ({
    statement_period: MONTHS[randomInt(random, 0, MONTHS.length - 1)],
    amount_due: money(random, 35, 240),
    currency: 'USD',
    due_date: isoDay(now, randomInt(random, 8, 20)),
    account_last4: String(randomInt(random, 1000, 9999)),
  }),
  file: ({ random, now }) => {
    const amount = money(random, 35, 240);
    const due = isoDay(now, 14);
    return {
      fileName: `statement_${isoDay(now, -2).slice(0, 7)}.pdf`,
      fileType: 'application/pdf',
      bytes: buildPdfDocument('Northwind Energy - Monthly statement', [
        `Statement date: ${isoDay(now, -2)}`,
        `Amount due: USD ${amount.toFixed(2)}`,
        `Due date: ${due}`,
        'Thank you for paying on time.',
      ]),
      extraction: { amount_due: amount, due_date: due, currency: 'USD' },
      extractionResult: 'success',
      metadata: { pages: 1, source_path: '/billing/statements/latest' },
    };
  },
};

const bankTransactions: TaskProfile = {
  key: 'bank_transactions',
  siteName: 'Harbor Bank',
  host: 'online.harborbank.example',
  sourceId: 'src_Hb3Bank7Qp',
  brandColor: [30, 64, 175],
  pages: { login: '/signin', dashboard: '/accounts', list: '/accounts/checking/activity', document: '/accounts/checking/export' },
  reasoning: {
    login: [
      'Harbor Bank sign-in page; entering the customer id from the credential.',
      'Password accepted; the bank shows a "remember this device" checkbox, leaving it unchecked.',
    ],
    dashboard: ['Accounts summary lists Checking and Savings; opening Checking.', 'Balance is visible at the top of the account card; continuing to activity.'],
    list: [
      'Activity table loaded with the last 30 days; scrolling to include the whole period.',
      'Two pending transactions at the top are excluded from the export, as the task requires.',
      'Reading the running balance from the last posted row.',
    ],
    document: ['Opening the Export dialog and choosing CSV.', 'Export finished; saving the file.'],
  },
  defaultInput: (random) => ({ days: pickDays(random), account_type: 'checking', password: 'not-a-real-password' }),
  output: ({ random, now }) => {
    const count = randomInt(random, 3, 6);
    const transactions = Array.from({ length: count }, (_, index) => ({
      date: isoDay(now, -index * 3 - 1),
      description: ['Grocery Mart', 'Payroll deposit', 'City Water', 'Coffee Corner', 'Online transfer', 'Fuel Stop'][index % 6],
      amount: index === 1 ? money(random, 1500, 3200) : -money(random, 4, 180),
    }));
    return { account: 'checking', currency: 'USD', balance: money(random, 800, 9000), as_of: isoDay(now, 0), transactions };
  },
  file: ({ random, now }) => ({
    fileName: `checking_activity_${isoDay(now, 0)}.csv`,
    fileType: 'text/csv',
    bytes: buildCsvDocument(
      ['date', 'description', 'amount', 'currency'],
      Array.from({ length: 12 }, (_, index) => [
        isoDay(now, -index * 2),
        index % 4 === 0 ? 'Payroll deposit' : 'Card purchase',
        (index % 4 === 0 ? 1 : -1) * money(random, 5, 1800),
        'USD',
      ]),
    ),
    extraction: { rows: 12, currency: 'USD' },
    extractionResult: 'success',
    metadata: { delimiter: ',', encoding: 'utf-8' },
  }),
};

function pickDays(random: Random): number {
  return [7, 30, 90][randomInt(random, 0, 2)] ?? 30;
}

const insuranceClaim: TaskProfile = {
  key: 'insurance_claim',
  siteName: 'Bluepine Insurance',
  host: 'portal.bluepine-insurance.example',
  sourceId: 'src_Bp5Insure2m',
  brandColor: [14, 116, 144],
  pages: { login: '/member/login', dashboard: '/member/home', list: '/member/claims', document: '/member/claims/detail' },
  reasoning: {
    login: ['Member portal login; filling in the member id and password.', 'Logged in; dismissing the newsletter banner that covers the navigation.'],
    dashboard: ['Member home shows open claims in a card; opening "View all claims".'],
    list: ['Claims list sorted by date of service; locating the claim number from the input.', 'Found the claim row; its status column reads "In review".'],
    document: ['Claim detail page opened; reading adjuster name and last update date.', 'Saving the explanation-of-benefits letter.'],
  },
  defaultInput: (random) => ({ claim_number: `CLM-${randomInt(random, 100000, 999999)}`, member_ssn: '000-00-0000' }),
  output: ({ random, now }) => ({
    claim_number: `CLM-${randomInt(random, 100000, 999999)}`,
    claim_status: ['in_review', 'approved', 'paid'][randomInt(random, 0, 2)],
    last_update: isoDay(now, -randomInt(random, 1, 9)),
    adjuster: ['R. Okafor', 'M. Lindqvist', 'S. Haddad', 'J. Moreau'][randomInt(random, 0, 3)],
    amount_claimed: money(random, 120, 4200),
  }),
  file: ({ now }) => ({
    fileName: 'explanation_of_benefits.pdf',
    fileType: 'application/pdf',
    bytes: buildPdfDocument('Bluepine Insurance - Explanation of benefits', [
      `Issued: ${isoDay(now, 0)}`,
      'This is not a bill.',
      'Your plan paid 80% of the allowed amount.',
    ]),
    extraction: { document_type: 'eob', issued: isoDay(now, 0) },
    extractionResult: 'success',
    metadata: { pages: 1 },
  }),
};

const payrollPayslip: TaskProfile = {
  key: 'payroll_payslip',
  siteName: 'Ledgerly Payroll',
  host: 'employees.ledgerly.example',
  sourceId: 'src_Lg9Payroll6',
  brandColor: [126, 34, 206],
  pages: { login: '/auth', dashboard: '/me', list: '/me/payslips', document: '/me/payslips/current' },
  reasoning: {
    login: ['Employee portal sign-in; using the stored work e-mail and password.', 'Single sign-on redirect finished; back on the employee portal.'],
    dashboard: ['Profile page loaded; the Payslips tile is in the second row.'],
    list: ['Payslips listed by pay date; picking the latest one.', 'Verifying the pay period in the row matches the requested month.'],
    document: ['Payslip open; reading gross pay, deductions and net pay.', 'Downloading the payslip PDF.'],
  },
  defaultInput: (random) => ({ pay_period: MONTHS[randomInt(random, 0, MONTHS.length - 1)], employee_pin: String(randomInt(random, 1000, 9999)) }),
  output: ({ random }) => {
    const gross = money(random, 2800, 7400);
    const deductions = Math.round(gross * (0.22 + random() * 0.1) * 100) / 100;
    return {
      pay_period: MONTHS[randomInt(random, 0, MONTHS.length - 1)],
      gross_pay: gross,
      deductions,
      net_pay: Math.round((gross - deductions) * 100) / 100,
      currency: 'EUR',
    };
  },
  file: ({ now }) => ({
    fileName: `payslip_${isoDay(now, 0).slice(0, 7)}.pdf`,
    fileType: 'application/pdf',
    bytes: buildPdfDocument('Ledgerly Payroll - Payslip', [`Pay date: ${isoDay(now, -1)}`, 'Gross, deductions and net pay enclosed.']),
    extraction: { pay_date: isoDay(now, -1) },
    extractionResult: 'success',
    metadata: { pages: 1, password_protected: false },
  }),
};

export const TASK_PROFILES: readonly TaskProfile[] = [utilityStatement, bankTransactions, insuranceClaim, payrollPayslip];

/** Every task id maps to one profile, stably, so all runs of one task look alike. */
export function profileForTask(taskId: string): TaskProfile {
  return TASK_PROFILES[hashString(taskId) % TASK_PROFILES.length] ?? utilityStatement;
}
