/** Routes; every page is its own chunk, loaded when first visited. */
import { createRouter, createWebHistory } from 'vue-router';
import { updatePrintFooter } from './print.ts';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'overview', component: () => import('./pages/OverviewPage.vue'), meta: { title: '总览' } },
    { path: '/compare', name: 'compare', component: () => import('./pages/ComparePage.vue'), meta: { title: '乡镇对比' } },
    { path: '/reports', name: 'reports', component: () => import('./pages/ReportsPage.vue'), meta: { title: '报告' } },
    { path: '/reports/:id(\\d+)', name: 'report', component: () => import('./pages/ReportPage.vue'), meta: { title: '报告详情' }, props: (r) => ({ id: Number(r.params.id) }) },
    { path: '/reports/:id(\\d+)/diff', name: 'report-diff', component: () => import('./pages/YearDiffPage.vue'), meta: { title: '与上年对比' }, props: (r) => ({ id: Number(r.params.id) }) },
    { path: '/compliance', name: 'compliance', component: () => import('./pages/CompliancePage.vue'), meta: { title: '合规' } },
    { path: '/notice', name: 'notice', component: () => import('./pages/NoticePage.vue'), meta: { title: '整改通知' } },
    { path: '/entry', name: 'entry', component: () => import('./pages/EntryPage.vue'), meta: { title: '手工录入' } },
    { path: '/upload', name: 'upload', component: () => import('./pages/UploadPage.vue'), meta: { title: '上传' } },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
  ],
  // A link to a list on another page (e.g. the 未报 card to #coverage) lands on that list once it is drawn.
  scrollBehavior(to, _from, saved) {
    if (saved) return saved;
    if (to.hash) return new Promise((resolve) => setTimeout(() => resolve({ el: to.hash, top: 56 }), 600));
    return { top: 0 };
  },
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 政府信息公开年报看板`;
  updatePrintFooter(`政府信息公开年报看板 · ${String(to.meta.title ?? '')}`);
});
