/**
 * The desktop app: {@link io.prodlab.ui.ProdlabApp}, its composition root, builds the services once
 * and hands them to the screens (one package per screen, MVVM in Java code; docs/decisions/0004 and
 * 0007). The only code that imports JavaFX.
 */
package io.prodlab.ui;
