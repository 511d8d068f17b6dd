// Entry point for the TypeORM CLI (`npm run migration:generate|run|revert`), built to dist/ first.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(validateEnvironment(process.env).DATABASE_URL));
