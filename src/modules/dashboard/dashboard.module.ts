import { Module } from '@nestjs/common';
import { DashboardRoutes } from './dashboard.routes.js';

/** The marketer dashboard's files at /dashboard/ (the page itself calls the /v1 API with the account's key). */
@Module({ providers: [DashboardRoutes] })
export class DashboardModule {}
