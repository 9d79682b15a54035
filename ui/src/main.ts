import { mount } from "svelte";
import App from "./App.svelte";
import "./styles.css";

// Before the first layout: Linux takes the desktop's default faces (styles.css).
if (navigator.userAgent.includes("Linux")) document.documentElement.classList.add("linux");
mount(App, { target: document.getElementById("app")! });
