import type { Page } from 'playwright-core'

export declare const CHROMIUM: { executablePath: string, args: string[] }
export declare function driveApp(page: Page, url: string): Promise<{ remaining: string, error: string, items: string[], saved: string, stats: string }>
